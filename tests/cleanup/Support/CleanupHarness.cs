using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Cleanup.Providers;
using Platform.Insights.Cleanup.Store;
using Prometheus;

namespace Platform.Insights.Cleanup.Tests.Support;

/// <summary>
/// The cleanup project as the host composes it, on a real DuckDB store in a temp directory, a fake clock (a Monday
/// 10:00 UTC, inside business hours), findings the test constructs and the fake cloud as the action provider.
/// </summary>
public sealed class CleanupHarness : IDisposable
{
    public static readonly DateTimeOffset Monday10 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    public const string DefaultPolicies = """
        policies:
          - name: idle-vms
            select:
              resourceTypes: [vm]
            ladder:
              - action: notify
              - action: stop
                grace: 3d
              - action: snapshot
                grace: 7d
              - action: verify
                grace: 1h
              - action: delete
                grace: 1d
            enforce: true
          - name: abandoned-workloads
            select:
              resourceTypes: [k8s_workload]
            ladder:
              - action: notify
              - action: scale_to_zero
                grace: 2d
            enforce: true
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "insights-cleanup-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public CleanupHarness(string policies = DefaultPolicies, Dictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(_directory);
        PolicyFile = Path.Combine(_directory, "policies.yaml");
        File.WriteAllText(PolicyFile, policies);
        Database = InsightsDatabase.Open(Path.Combine(_directory, "data"), new StoreRole("test"), Time);
        var all = new Dictionary<string, string?>
        {
            ["Insights:Cleanup:DryRun"] = "false",
            ["Insights:Cleanup:EnforceEnvironments:0"] = "dev",
            ["Insights:Cleanup:Policies"] = PolicyFile,
            ["Insights:Cleanup:StepsPerMinute"] = "0",
            ["Insights:Cleanup:MaxPercentPerRun"] = "100",
            ["Insights:Cleanup:Jobs:Storage"] = "memory",
        };
        foreach (var (key, value) in settings ?? [])
        {
            // null = back to the product's default.
            if (value is null)
            {
                all.Remove(key);
            }
            else
            {
                all[key] = value;
            }
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new StoreRole("test"));
        services.AddSingleton(Database);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(Metrics.NewCustomRegistry());
        services.AddSingleton<ICleanupActionProvider>(Cloud);
        services.AddSingleton<IIdleFindings>(Findings);
        services.AddCleanup(configuration);
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(Monday10);

    public FakeIdleFindings Findings { get; } = new();

    public FakeCloud Cloud { get; } = new();

    public InsightsDatabase Database { get; }

    public string PolicyFile { get; }

    public IServiceProvider Services => _services;

    public CleanupPlanner Planner => Get<CleanupPlanner>();

    public CleanupApprovals Approvals => Get<CleanupApprovals>();

    public CleanupExecutor Executor => Get<CleanupExecutor>();

    public ICleanupStore Store => Get<ICleanupStore>();

    public CleanupKillSwitch Kill => Get<CleanupKillSwitch>();

    public CleanupUndo Undo => Get<CleanupUndo>();

    public CleanupJobs Jobs => Get<CleanupJobs>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public CleanupPolicy Policy(string name) => Get<CleanupPolicySet>().Find(name)!;

    public Task<CleanupPlan> PlanAsync(string policy = "idle-vms") => Planner.PlanAsync(Policy(policy), "test", CancellationToken.None);

    public Task ApproveAsync(CleanupPlan plan) => Approvals.ApproveAsync(plan.Id, plan.Hash[..12], "alice", CancellationToken.None);

    public Task<CleanupRunResult> ApplyAsync(CleanupPlan plan) => Executor.ApplyAsync(plan.Id, 0, plan.Items.Count, "test", CancellationToken.None);

    /// <summary>Plans, approves and applies one rung of the ladder.</summary>
    public async Task<(CleanupPlan Plan, CleanupRunResult Result)> RunAsync(string policy = "idle-vms")
    {
        var plan = await PlanAsync(policy);
        if (plan.Items.Count == 0)
        {
            return (plan, new CleanupRunResult(plan.Id, 0, 0, 0, 0, false, false));
        }
        await ApproveAsync(plan);
        return (plan, await ApplyAsync(plan));
    }

    public void Dispose()
    {
        _services.Dispose();
        Database.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
