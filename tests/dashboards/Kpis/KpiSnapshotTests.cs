using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

namespace Platform.Insights.Dashboards.Tests.Kpis;

/// <summary>
/// The KPI snapshot kept in the data directory: what a restarted <c>insights serve</c> exports before its first
/// computation ends, with its computation time and age, until that computation replaces it.
/// </summary>
public sealed class KpiSnapshotTests : IDisposable
{
    private static readonly DateTimeOffset ComputedAt = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("kpi-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_saved_snapshot_loads_with_the_same_series_values_and_computation_time()
    {
        var file = File();
        var samples = new List<KpiSample>
        {
            Availability("web", 0.999),
            Availability("we\"b\nx", double.NaN),
            new(KpiMetricCatalog.CostDaily, ["org", "", "", "EUR"], 1234.5),
            new(KpiMetricCatalog.BurnRate, ["shop", "web", "5m"], double.PositiveInfinity),
        };
        await file.SaveAsync(new KpiSnapshot(ComputedAt, TimeSpan.FromSeconds(21.5), samples), CancellationToken.None);

        var loaded = await file.LoadAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(ComputedAt, loaded.ComputedAt);
        Assert.Equal(TimeSpan.FromSeconds(21.5), loaded.RefreshDuration);
        Assert.Equal(samples.Select(s => (s.SeriesKey, s.Value)), loaded.Samples.Select(s => (s.SeriesKey, s.Value)));
        Assert.Same(KpiMetricCatalog.CostDaily, loaded.Samples[2].Metric);
        Assert.False(System.IO.File.Exists(file.Path + ".tmp"));
    }

    [Fact]
    public async Task A_missing_or_corrupt_snapshot_is_none_and_series_this_version_does_not_export_are_left_out()
    {
        var file = File();
        Assert.Null(await file.LoadAsync(CancellationToken.None));

        await System.IO.File.WriteAllTextAsync(file.Path, "{\"version\":1,\"computedAt\":\"2026-01-10T12:00:00+00:00\",\"families\":[");
        Assert.Null(await file.LoadAsync(CancellationToken.None));

        await System.IO.File.WriteAllTextAsync(file.Path, "{\"version\":99,\"computedAt\":\"2026-01-10T12:00:00+00:00\",\"refreshSeconds\":1,\"families\":[]}");
        Assert.Null(await file.LoadAsync(CancellationToken.None));

        await System.IO.File.WriteAllTextAsync(file.Path, """
            {"version":1,"computedAt":"2026-01-10T12:00:00+00:00","refreshSeconds":3,"families":[
              {"name":"insights_availability_ratio","labels":["scope","team","service","window"],"series":[
                {"labels":["service","shop","web","30d"],"value":0.5},{"labels":["service","shop","web"],"value":0.4}]},
              {"name":"insights_availability_ratio_old","labels":["scope"],"series":[{"labels":["org"],"value":1}]},
              {"name":"insights_incidents","labels":["scope","team","service","env"],"series":[{"labels":["org","","","prod"],"value":2}]}]}
            """);
        var loaded = await file.LoadAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        var sample = Assert.Single(loaded.Samples);
        Assert.Equal((Availability("web", 0.5).SeriesKey, 0.5), (sample.SeriesKey, sample.Value));
    }

    [Fact]
    public async Task A_restored_snapshot_is_served_with_its_age_until_the_first_refresh_replaces_it()
    {
        var time = new FakeTimeProvider(ComputedAt.AddMinutes(10));
        var registry = Metrics.NewCustomRegistry();
        var gauges = new KpiGauges(registry, time);
        Assert.DoesNotMatch("(?m)^insights_kpi_age_seconds ", await ScrapeAsync(registry, gauges));

        await gauges.RestoreAsync(new KpiSnapshot(ComputedAt, TimeSpan.FromSeconds(20), [Availability("web", 0.99), Availability("old", 0.5)]), CancellationToken.None);
        var restored = await ScrapeAsync(registry, gauges);

        Assert.Contains("insights_availability_ratio{scope=\"service\",team=\"shop\",service=\"web\",window=\"30d\"} 0.99", restored, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_last_refresh_timestamp_seconds 1768046400", restored, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_age_seconds 600", restored, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_snapshot_restored 1", restored, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_series 2", restored, StringComparison.Ordinal);
        Assert.DoesNotContain("insights_kpi_refreshes_total{", restored, StringComparison.Ordinal);
        Assert.True(gauges.IsRestored);

        await gauges.PublishAsync([Availability("web", 0.995)], time.GetUtcNow(), TimeSpan.FromSeconds(19), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        // A late restore (a snapshot read after this process computed its own) must not bring old values back.
        await gauges.RestoreAsync(new KpiSnapshot(ComputedAt, TimeSpan.FromSeconds(20), [Availability("old", 0.5)]), CancellationToken.None);
        var refreshed = await ScrapeAsync(registry, gauges);

        Assert.Contains("insights_availability_ratio{scope=\"service\",team=\"shop\",service=\"web\",window=\"30d\"} 0.995", refreshed, StringComparison.Ordinal);
        Assert.DoesNotContain("service=\"old\"", refreshed, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_age_seconds 30", refreshed, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_snapshot_restored 0", refreshed, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_refreshes_total{outcome=\"ok\"} 1", refreshed, StringComparison.Ordinal);
        Assert.False(gauges.IsRestored);
    }

    private KpiSnapshotFile File() => new(Path.Combine(_directory, KpiSnapshotFile.FileName), NullLogger<KpiSnapshotFile>.Instance);

    private static KpiSample Availability(string service, double value) => new(KpiMetricCatalog.Availability, ["service", "shop", service, "30d"], value);

    private static async Task<string> ScrapeAsync(CollectorRegistry registry, KpiGauges gauges)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray()) + Encoding.UTF8.GetString((await gauges.ExpositionAsync(CancellationToken.None)).Text.Span);
    }
}
