using Platform.Insights.Analytics.Idle;
using static Platform.Insights.Analytics.Tests.Idle.IdleStore;

namespace Platform.Insights.Analytics.Tests.Idle;

public sealed class ResourceIdleRuleTests : IDisposable
{
    private const int Hours = 35 * 24;
    private readonly IdleStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>A Kubernetes workload with cAdvisor CPU seconds (a counter), traffic, and kube-state-metrics requests.</summary>
    private async Task WorkloadAsync(string id, double cores, double bytesPerSecond, double? cpuRequest = null, double memoryBytes = 200 * 1048576.0, bool oomKilled = false)
    {
        await _store.MetricAsync(id, "k8s_workload", "container_cpu_usage_seconds_total", h => cores * 3600 * h);
        await _store.MetricAsync(id, "k8s_workload", "resource_network_bytes_per_second", _ => bytesPerSecond);
        await _store.MetricAsync(id, "k8s_workload", "container_memory_working_set_bytes", _ => memoryBytes);
        if (cpuRequest is { } request)
        {
            await _store.MetricAsync(id, "k8s_workload", "kube_pod_container_resource_requests", _ => request, extraLabels: new Dictionary<string, string> { ["resource"] = "cpu", ["unit"] = "core" });
            await _store.MetricAsync(id, "k8s_workload", "kube_pod_container_resource_requests", _ => 1024 * 1048576.0, extraLabels: new Dictionary<string, string> { ["resource"] = "memory", ["unit"] = "byte" });
        }
        if (oomKilled)
        {
            await _store.MetricAsync(id, "k8s_workload", "kube_pod_container_status_last_terminated_reason", h => h > Hours - 48 ? 1 : 0, extraLabels: new Dictionary<string, string> { ["reason"] = "OOMKilled" });
        }
    }

    [Fact]
    public async Task A_workload_under_5_mcpu_and_100_bytes_per_second_is_abandoned_and_at_6_mcpu_is_rightsized_instead()
    {
        await WorkloadAsync("deploy/quiet", cores: 0.003, bytesPerSecond: 50);
        await WorkloadAsync("deploy/ticking", cores: 0.006, bytesPerSecond: 50, cpuRequest: 1);
        await WorkloadAsync("deploy/talking", cores: 0.003, bytesPerSecond: 150);

        var quiet = await _store.FindingAsync("deploy/quiet");
        var ticking = await _store.FindingAsync("deploy/ticking");
        var talking = await _store.FindingAsync("deploy/talking");

        Assert.Equal((IdleState.Idle, "k8s.abandoned", true), (quiet.State, quiet.Rule, quiet.Actionable));
        Assert.Equal(0.003, Stat(quiet, "cpu_p95_per_replica").Value!.Value, 6);
        Assert.Equal(_store.Time.GetUtcNow().UtcDateTime.AddDays(-7), quiet.WindowStart);
        Assert.Equal((IdleState.Underutilized, "k8s.rightsize"), (ticking.State, ticking.Rule));
        Assert.Equal(IdleState.Active, talking.State);
        Assert.False(Stat(talking, "traffic_mean").Passed);
    }

    [Fact]
    public async Task Rightsizing_asks_for_p95_cpu_and_maximum_memory_over_0_65_and_never_cuts_memory_after_an_oom_kill()
    {
        await WorkloadAsync("deploy/big", cores: 0.2, bytesPerSecond: 5000, cpuRequest: 1);
        await WorkloadAsync("deploy/oom", cores: 0.2, bytesPerSecond: 5000, cpuRequest: 1, oomKilled: true);

        var big = await _store.FindingAsync("deploy/big");
        var oom = await _store.FindingAsync("deploy/oom");

        Assert.Equal((IdleState.Underutilized, "k8s.rightsize", false), (big.State, big.Rule, big.Actionable));
        Assert.Equal(0.2 / 0.65, Stat(big, "cpu_recommended").Value!.Value, 6);
        Assert.Equal(200 * 1048576.0 / 0.65, Stat(big, "memory_recommended").Value!.Value, 0);
        Assert.StartsWith("set requests to 308m CPU, 308Mi memory", big.Recommendation, StringComparison.Ordinal);
        Assert.Equal(1024 * 1048576.0, Stat(oom, "memory_recommended").Value);
        Assert.Contains("OOM-killed", oom.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volume_unattached_15_days_is_a_finding_32_days_actionable_and_reattaching_on_day_31_closes_it()
    {
        using var store = new IdleStore(now: T0.AddDays(31));
        // Unattached from the start, attached again from day 31 on.
        await store.MetricAsync("vol-1", "volume", "resource_attached", h => h >= 31 * 24 ? 1 : 0);
        await store.MetricAsync("vol-forgotten", "volume", "resource_attached", _ => 0);
        await store.MetricAsync("vol-fresh", "volume", "resource_attached", h => h >= 20 * 24 ? 0 : 1);

        var before = await store.FindingAsync("vol-1");
        Assert.Equal((IdleState.Idle, "volume.unattached", false), (before.State, before.Rule, before.Actionable));
        Assert.Equal(T0, before.Since);
        Assert.Contains("once unattached for 32 days", before.Recommendation, StringComparison.Ordinal);
        Assert.Equal(IdleState.Active, (await store.FindingAsync("vol-fresh")).State);          // 11 days unattached

        store.Time.SetUtcNow(new DateTimeOffset(T0.AddDays(35)));
        var after = await store.Detector.GetAsync(before.Id, CancellationToken.None);
        var idle = await store.Detector.ListAsync(new IdleFindingFilter(State: IdleState.Idle), CancellationToken.None);

        Assert.Equal((IdleState.Active, false), (after!.State, after.Actionable));
        Assert.DoesNotContain(idle, f => f.ResourceId == "vol-1");
        var forgotten = Assert.Single(idle, f => f.ResourceId == "vol-forgotten");
        Assert.True(forgotten.Actionable, "35 days unattached");
        Assert.Equal(IdleState.Idle, (await store.FindingAsync("vol-fresh")).State);             // now 15 days
    }

    [Fact]
    public async Task A_public_ip_unassociated_for_15_days_is_idle_and_actionable()
    {
        await _store.MetricAsync("eipalloc-1", "public_ip", "resource_attached", _ => 0, hours: 16 * 24, from: T0.AddDays(19));
        await _store.MetricAsync("eipalloc-2", "public_ip", "resource_attached", h => h < 48 ? 1 : 0, hours: 16 * 24, from: T0.AddDays(19));

        var loose = await _store.FindingAsync("eipalloc-1");
        Assert.Equal((IdleState.Idle, "public_ip.unassociated", true), (loose.State, loose.Rule, loose.Actionable));
        Assert.Equal(IdleState.Active, (await _store.FindingAsync("eipalloc-2")).State);
    }

    [Fact]
    public async Task A_database_without_connections_for_14_days_is_unused_and_one_connection_keeps_it()
    {
        await _store.MetricAsync("db-old", "database", "resource_db_connections", h => h < 20 * 24 ? 5 : 0);
        await _store.MetricAsync("db-old", "database", "resource_cpu_utilization_ratio", _ => 0.01);
        await _store.MetricAsync("db-used", "database", "resource_db_connections", h => h == Hours - 30 ? 1 : 0);
        await _store.MetricAsync("db-used", "database", "resource_cpu_utilization_ratio", _ => 0.4);

        var old = await _store.FindingAsync("db-old");
        Assert.Equal((IdleState.Idle, "database.unused", true), (old.State, old.Rule, old.Actionable));
        Assert.Equal(T0.AddDays(20), old.Since);
        Assert.Equal(IdleState.Active, (await _store.FindingAsync("db-used")).State);
    }

    [Fact]
    public async Task A_load_balancer_with_under_100_requests_in_7_days_or_no_healthy_target_is_idle()
    {
        await _store.MetricAsync("lb-quiet", "load_balancer", "resource_lb_requests_total", h => h * 0.5);        // 84 in 7 days
        await _store.MetricAsync("lb-quiet", "load_balancer", "resource_lb_healthy_targets", _ => 2);
        await _store.MetricAsync("lb-broken", "load_balancer", "resource_lb_requests_total", h => h * 1000);
        await _store.MetricAsync("lb-broken", "load_balancer", "resource_lb_healthy_targets", _ => 0);
        await _store.MetricAsync("lb-busy", "load_balancer", "resource_lb_requests_total", h => h * 1000);
        await _store.MetricAsync("lb-busy", "load_balancer", "resource_lb_healthy_targets", _ => 2);

        var quiet = await _store.FindingAsync("lb-quiet");
        Assert.Equal((IdleState.Idle, "load_balancer.unused"), (quiet.State, quiet.Rule));
        Assert.Equal(84.0, Stat(quiet, "requests").Value);
        Assert.Equal(IdleState.Idle, (await _store.FindingAsync("lb-broken")).State);
        Assert.Equal(IdleState.Active, (await _store.FindingAsync("lb-busy")).State);
    }
}
