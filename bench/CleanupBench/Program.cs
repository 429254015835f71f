using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.CleanupBench;
using Prometheus;

// Cleanup throughput (issue 8): plan N findings and apply the approved plan through the log provider, in Hangfire-sized
// batches, on a real DuckDB store — against a baseline measured in the same run: enqueueing empty Hangfire jobs into the
// same SQLite job storage (the cost every item would pay if it were one job).
var findings = int.Parse(Environment.GetEnvironmentVariable("BENCH_CLEANUP_FINDINGS") ?? "10000", CultureInfo.InvariantCulture);
var emptyJobs = int.Parse(Environment.GetEnvironmentVariable("BENCH_CLEANUP_EMPTY_JOBS") ?? "1000", CultureInfo.InvariantCulture);
var directory = Path.Combine(Path.GetTempPath(), "insights-cleanup-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
var policyFile = Path.Combine(directory, "policies.yaml");
File.WriteAllText(policyFile, """
    policies:
      - name: idle-vms
        select: { resourceTypes: [vm] }
        ladder:
          - action: notify
          - action: stop
            grace: 1d
        enforce: true
    """);
try
{
    using var database = InsightsDatabase.Open(Path.Combine(directory, "data"), new StoreRole("bench"), TimeProvider.System);
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Insights:Cleanup:DryRun"] = "false",
        ["Insights:Cleanup:EnforceEnvironments:0"] = "dev",
        ["Insights:Cleanup:Policies"] = policyFile,
        ["Insights:Cleanup:StepsPerMinute"] = "0",
        ["Insights:Cleanup:MaxResourcesPerRun"] = "10000",
        ["Insights:Cleanup:MaxPercentPerRun"] = "100",
        ["Insights:Cleanup:BusinessHours:Enabled"] = "false",
        ["Insights:Cleanup:Jobs:Storage"] = "sqlite",
    }).Build();
    var services = new ServiceCollection()
        .AddSingleton(TimeProvider.System).AddSingleton(new StoreRole("bench")).AddSingleton(database)
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>)).AddSingleton(Metrics.NewCustomRegistry())
        .AddSingleton<IIdleFindings>(new BenchFindings(findings))
        .AddCleanup(configuration)
        .BuildServiceProvider();
    var storage = services.GetRequiredService<CleanupJobStorage>().Storage;
    var client = new BackgroundJobClient(storage);

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < emptyJobs; i++)
    {
        client.Enqueue(() => Console.Write(""));
    }
    var baseline = clock.Elapsed;

    clock.Restart();
    var policy = services.GetRequiredService<CleanupPolicySet>().All[0];
    var plan = await services.GetRequiredService<CleanupPlanner>().PlanAsync(policy, "bench", CancellationToken.None);
    var planTime = clock.Elapsed;
    await services.GetRequiredService<CleanupApprovals>().ApproveAsync(plan.Id, plan.Hash, "bench", CancellationToken.None);

    clock.Restart();
    var batches = await services.GetRequiredService<CleanupScheduler>().EnqueueApplyAsync(plan.Id, "bench", CancellationToken.None);
    var enqueueTime = clock.Elapsed;

    // The batches' work, as Hangfire's workers run it (CleanupJobs.ApplyBatchAsync), one after another.
    clock.Restart();
    var jobs = services.GetRequiredService<CleanupJobs>();
    var size = int.Parse(configuration["Insights:Cleanup:Jobs:BatchSize"] ?? "100", CultureInfo.InvariantCulture);
    for (var from = 0; from < plan.Items.Count; from += size)
    {
        var outcome = await jobs.ApplyBatchAsync(plan.Id, from, size, CancellationToken.None);
        if (!outcome.StartsWith($"{Math.Min(size, plan.Items.Count - from)} done", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"batch at {from}: {outcome}");
        }
    }
    var applyTime = clock.Elapsed;
    var audit = await services.GetRequiredService<Platform.Insights.Cleanup.Store.ICleanupStore>().AuditAsync(null, CancellationToken.None);

    double PerSecond(int n, TimeSpan t) => n / t.TotalSeconds;
    var baselineRate = PerSecond(emptyJobs, baseline);
    Console.WriteLine($"findings\t{findings}");
    Console.WriteLine($"baseline: {emptyJobs} empty Hangfire jobs enqueued (SQLite storage)\t{baseline.TotalSeconds:0.00} s\t{baselineRate:0} jobs/s");
    Console.WriteLine($"plan: {plan.Items.Count} items (+ audit with evidence)\t{planTime.TotalSeconds:0.00} s\t{PerSecond(plan.Items.Count, planTime):0} items/s");
    Console.WriteLine($"enqueue apply: {batches.Count} batch jobs\t{enqueueTime.TotalSeconds:0.00} s");
    Console.WriteLine($"apply: {plan.Items.Count} steps via the log provider (re-check, claim, step, audit)\t{applyTime.TotalSeconds:0.00} s\t{PerSecond(plan.Items.Count, applyTime):0} items/s");
    Console.WriteLine($"plan + enqueue + apply per item vs one empty job enqueue\t{PerSecond(plan.Items.Count, planTime + enqueueTime + applyTime) / baselineRate:0.00}x the baseline rate");
    Console.WriteLine($"audit rows\t{audit.Count}");
    Console.WriteLine($"peak working set\t{Environment.WorkingSet / 1024 / 1024} MiB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB peak");
    await services.DisposeAsync();
}
finally
{
    Directory.Delete(directory, recursive: true);
}
