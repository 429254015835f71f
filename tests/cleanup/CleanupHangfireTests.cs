using Hangfire;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Tests.Support;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupHangfireTests
{
    [Fact]
    public async Task The_same_apply_enqueued_twice_through_hangfire_deletes_once()
    {
        using var harness = new CleanupHarness(CleanupPolicies.DeleteLadder, new() { ["Insights:Cleanup:Jobs:BatchSize"] = "2" });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b"), FakeIdleFindings.Idle("vm-c"));
        for (var rung = 0; rung < 3; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromHours(2));
        }
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);
        var scheduler = harness.Get<CleanupScheduler>();
        var storage = harness.Get<CleanupJobStorage>().Storage;

        var first = await scheduler.EnqueueApplyAsync(plan.Id, "test", CancellationToken.None);
        var second = await scheduler.EnqueueApplyAsync(plan.Id, "test", CancellationToken.None);
        using (new BackgroundJobServer(new BackgroundJobServerOptions { Activator = new CleanupJobActivator(harness.Services), WorkerCount = 2, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage))
        {
            var monitor = storage.GetMonitoringApi();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (monitor.SucceededListCount() < 4 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.Equal(4, monitor.SucceededListCount());
        }

        Assert.Equal(2, first.Count); // 3 items in batches of 2
        Assert.Equal(2, second.Count);
        Assert.Equal(["vm-a", "vm-b", "vm-c"], harness.Cloud.CallsOf(CleanupAction.Delete).Select(c => c.ResourceId).Order());
    }

    [Fact]
    public async Task An_unapproved_plan_is_never_enqueued()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var plan = await harness.PlanAsync();

        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Get<CleanupScheduler>().EnqueueApplyAsync(plan.Id, "test", CancellationToken.None));

        Assert.Equal(0, harness.Get<CleanupJobStorage>().Storage.GetMonitoringApi().EnqueuedCount("default"));
    }

    [Fact]
    public void Each_policy_gets_a_recurring_plan_job_on_its_schedule()
    {
        using var harness = new CleanupHarness();

        harness.Get<CleanupScheduler>().RegisterRecurring();

        using var connection = harness.Get<CleanupJobStorage>().Storage.GetConnection();
        var jobs = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);
        Assert.Equal(["cleanup-plan:abandoned-workloads", "cleanup-plan:idle-vms"], jobs.Select(j => j.Id).Order());
        Assert.All(jobs, j => Assert.Equal("0 10 * * 1-5", j.Cron));
    }
}
