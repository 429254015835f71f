using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Platform.Insights.Cleanup;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Tests.Support;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Hangfire's PostgreSQL storage and cleanup's PostgreSQL store (what cluster mode uses) against the machine's real
/// PostgreSQL 15: two silos' job servers, each with its own storage instance and connections, poll one queue; an apply
/// batch enqueued by both silos runs once per enqueue and the step claims make the second one a no-op; a plan made on
/// one silo is approved through the other's API and applied by whichever silo's worker takes each batch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterCleanupJobsTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_cleanup_batch_enqueued_on_two_silos_against_postgresql_deletes_each_resource_once()
    {
        var connection = await postgres.NewDatabaseAsync("hangfire");
        // As `insights db init` leaves it: Hangfire's schema installed once, before any silo starts.
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        using var harness = new CleanupHarness(CleanupPolicies.DeleteLadder, new()
        {
            ["Insights:Cleanup:Jobs:Storage"] = "postgresql",
            ["Insights:Cleanup:Jobs:ConnectionString"] = connection,
            ["Insights:Cleanup:Jobs:BatchSize"] = "2",
        });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b"), FakeIdleFindings.Idle("vm-c"));
        for (var rung = 0; rung < 3; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromHours(2));
        }
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);
        var siloA = harness.Get<CleanupJobStorage>().Storage;
        var siloB = CleanupJobStorage.Create(new CleanupJobsOptions { Storage = "postgresql", ConnectionString = connection }, Path.GetTempPath());

        var first = await harness.Get<CleanupScheduler>().EnqueueApplyAsync(plan.Id, "test", CancellationToken.None);
        var client = new BackgroundJobClient(siloB);
        var second = new List<string>();
        for (var from = 0; from < plan.Items.Count; from += 2)
        {
            var start = from;
            second.Add(client.Enqueue<CleanupJobs>(j => j.ApplyBatchAsync(plan.Id, start, 2, CancellationToken.None)));
        }
        var options = new BackgroundJobServerOptions
        {
            Activator = new CleanupJobActivator(harness.Services), WorkerCount = 2, SchedulePollingInterval = TimeSpan.FromSeconds(1),
            ServerCheckInterval = TimeSpan.FromSeconds(1), Queues = ["default"],
        };
        using (new BackgroundJobServer(options, siloA))
        using (new BackgroundJobServer(options, siloB))
        {
            var monitor = siloA.GetMonitoringApi();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(45);
            while (monitor.SucceededListCount() < 4 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(4, monitor.SucceededListCount());
            Assert.Equal(2, monitor.Servers().Count);
            Assert.Equal(0, monitor.FailedCount());
        }

        Assert.Equal((2, 2), (first.Count, second.Count));
        Assert.Equal(4, first.Concat(second).Distinct().Count());
        Assert.Equal(["vm-a", "vm-b", "vm-c"], harness.Cloud.CallsOf(CleanupAction.Delete).Select(c => c.ResourceId).Order());
    }

    [Fact]
    public async Task A_plan_made_on_silo_a_and_approved_through_silo_b_s_api_is_applied_by_both_silos_workers_once_per_resource()
    {
        var connection = await postgres.NewDatabaseAsync("cleanup");
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        // Two silos: each its own data directory (DuckDB), clock, findings view and cloud client; the cleanup store and
        // Hangfire's queue are the cluster's PostgreSQL, as cluster mode configures them.
        var cluster = new Dictionary<string, string?>
        {
            ["Insights:Cleanup:Store:Kind"] = "postgresql",
            ["Insights:Cleanup:Store:ConnectionString"] = connection,
            ["Insights:Cleanup:Jobs:Storage"] = "postgresql",
            ["Insights:Cleanup:Jobs:ConnectionString"] = connection,
            ["Insights:Cleanup:Jobs:BatchSize"] = "1",
        };
        using var siloA = new CleanupHarness(CleanupPolicies.DeleteLadder, cluster);
        using var siloB = new CleanupHarness(CleanupPolicies.DeleteLadder, cluster);
        string[] vms = ["vm-a", "vm-b", "vm-c", "vm-d"];
        foreach (var silo in new[] { siloA, siloB })
        {
            silo.Findings.Set([.. vms.Select(vm => FakeIdleFindings.Idle(vm))]);
        }
        // The ladder's first rungs alternate between the silos: each plans on what the other did.
        for (var rung = 0; rung < 3; rung++)
        {
            var (plan, result) = await (rung % 2 == 0 ? siloA : siloB).RunAsync();
            Assert.Equal(vms.Length, result.Done);
            siloA.Time.Advance(TimeSpan.FromHours(2));
            siloB.Time.Advance(TimeSpan.FromHours(2));
        }
        var deletePlan = await siloA.PlanAsync();
        Assert.All(deletePlan.Items, i => Assert.Equal(CleanupAction.Delete, i.Action));

        await using var apiB = await CleanupApiSilo.StartAsync(siloB);
        using var approve = await apiB.Http.PostAsJsonAsync($"/api/v1/cleanup/plans/{deletePlan.Id}/approve", new { hash = deletePlan.Hash[..12] });
        Assert.True(approve.StatusCode == HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());
        // Applied twice, once through each silo (an operator's retry): batches land in the one queue.
        using var applyB = await apiB.Http.PostAsync($"/api/v1/cleanup/plans/{deletePlan.Id}/apply", null);
        Assert.Equal(HttpStatusCode.Accepted, applyB.StatusCode);
        var jobsA = await siloA.Get<CleanupScheduler>().EnqueueApplyAsync(deletePlan.Id, "test", CancellationToken.None);
        var storageA = siloA.Get<CleanupJobStorage>().Storage;
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 2, Queues = ["default"], Activator = new CleanupJobActivator(siloA.Services) }, storageA))
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 2, Queues = ["default"], Activator = new CleanupJobActivator(siloB.Services) }, siloB.Get<CleanupJobStorage>().Storage))
        {
            var monitor = storageA.GetMonitoringApi();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (monitor.SucceededListCount() < 2 * vms.Length && monitor.FailedCount() == 0 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(0, monitor.FailedCount());
            Assert.Equal(2 * vms.Length, monitor.SucceededListCount());
        }
        using var status = await apiB.Http.GetAsync("/api/v1/cleanup/status");
        var plans = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plans").EnumerateArray();
        var deleteStatus = plans.Single(p => p.GetProperty("planId").GetString() == deletePlan.Id);
        var auditA = await siloA.Store.AuditAsync(deletePlan.Id, CancellationToken.None);

        Assert.Equal(vms.Length, jobsA.Count);
        var deletes = siloA.Cloud.CallsOf(CleanupAction.Delete).Concat(siloB.Cloud.CallsOf(CleanupAction.Delete)).Select(c => c.ResourceId).Order();
        Assert.Equal(vms, deletes);
        Assert.Equal(vms.Length, deleteStatus.GetProperty("done").GetInt32());
        Assert.Contains(auditA, a => a.Kind == "approve" && a.Actor == "api:silo-admin");
        Assert.Equal(vms.Length, auditA.Count(a => a.Kind == "step" && a.Action == "Delete" && a.Outcome == "done"));
        Assert.Equal(vms.Length, auditA.Count(a => a.Kind == "skip" && a.Outcome is "already_done" or "in_progress"));
        Assert.Null(await siloB.Store.BrokenAuditLinkAsync(CancellationToken.None));
    }
}
