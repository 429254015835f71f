using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class UtilisationTests : IDisposable
{
    private readonly UptimeStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Hourly_rollup_gives_avg_p95_max_and_coverage_per_resource_and_rates_counters()
    {
        await _store.CatalogAsync("web", "shop");
        var step = TimeSpan.FromMinutes(15);
        // Hour 0: four gauge samples; hour 1: two of four (coverage 0.5).
        await _store.SeriesAsync("web", "resource_cpu_utilization_ratio", """{"resource_id":"vm-1","service":"web"}""",
            [(T0, 0.1), (T0 + step, 0.2), (T0 + (2 * step), 0.3), (T0 + (3 * step), 0.4), (T0.AddHours(1), 0.5), (T0.AddHours(1) + step, 0.7)]);
        // A byte counter every 60 s on a node: 6,000 bytes/min = 100 B/s, with a reset (drop) that restarts from 0.
        await _store.SeriesAsync("web", "node_network_receive_bytes_total", """{"instance":"node-1:9100","service":"web"}""",
            [(T0, 0), (T0.AddMinutes(1), 6000), (T0.AddMinutes(2), 12000), (T0.AddMinutes(3), 6000)]);

        var rows = await _store.Utilisation.RollupAsync(T0, T0.AddHours(2), UtilisationBucket.Hour, "shop", CancellationToken.None);

        var cpu = rows.Where(r => r.Dimension == "cpu").ToList();
        Assert.Equal(["vm-1", "vm-1"], cpu.Select(r => r.Resource));
        Assert.Equal((4L, 0.25, 0.4, 1.0), (cpu[0].Samples, Math.Round(cpu[0].Avg!.Value, 9), cpu[0].Max, cpu[0].Coverage));
        Assert.Equal(0.385, cpu[0].P95!.Value, 9);                       // continuous quantile of 0.1 .. 0.4
        Assert.Equal((0.6, 0.5), (Math.Round(cpu[1].Avg!.Value, 9), cpu[1].Coverage));
        var network = Assert.Single(rows, r => r.Dimension == "network_in");
        Assert.Equal(("node-1:9100", "shop", 3L), (network.Resource, network.Team, network.Samples));
        Assert.Equal((100.0, 100.0), (network.Avg, network.Max));
    }
}
