using Hangfire;
using Platform.Insights.Cleanup;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Tests.Support;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Hangfire's PostgreSQL storage (what cluster mode uses) against the machine's real PostgreSQL 15: two silos' job
/// servers, each with its own storage instance and connections, poll one queue; an apply batch enqueued by both silos
/// runs once per enqueue and the step keys make the second one a no-op.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterCleanupJobsTests(PostgresServer postgres)
{
    private const string DeletePolicy = """
        policies:
          - name: idle-vms
            select:
              resourceTypes: [vm]
            ladder:
              - action: notify
              - action: snapshot
                grace: 1h
              - action: verify
                grace: 1h
              - action: delete
                grace: 1h
            enforce: true
        """;

    [Fact]
    public async Task A_cleanup_batch_enqueued_on_two_silos_against_postgresql_deletes_each_resource_once()
    {
        var connection = await postgres.NewDatabaseAsync("hangfire");
        // As `insights db init` leaves it: Hangfire's schema installed once, before any silo starts.
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        using var harness = new CleanupHarness(DeletePolicy, new()
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
}
