using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

namespace Platform.Insights.Dashboards.Tests.Kpis;

/// <summary>
/// The KPI gauges' refresh takes one of the turns the uptime API's recomputes take (BENCHMARKS.md §39): on a large store
/// each alone reaches DuckDB's memory limit, so they run one after another instead of sorting on disk together.
/// </summary>
public sealed class KpiRefreshTurnTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpi-turn-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_gauge_refresh_waits_for_the_turn_an_api_recompute_holds_and_cancelled_while_waiting_publishes_nothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var registry = Metrics.NewCustomRegistry();
        var gauges = new KpiGauges(registry, time);
        var turns = new RecomputeTurns(1);
        using var apiRecompute = await turns.TakeAsync(CancellationToken.None);
        // A builder with no queries behind it: a refresh that started building without its turn would fail at once
        // (counted as a failed refresh) instead of waiting.
        var builder = new KpiSnapshotBuilder(null!, null!, null!, null!, null!, null!, null!, null!, null!);
        var snapshots = new KpiSnapshotFile(Path.Combine(_directory, KpiSnapshotFile.FileName), NullLogger<KpiSnapshotFile>.Instance);
        var service = new KpiMetricsService(builder, gauges, snapshots, turns, time,
            Microsoft.Extensions.Options.Options.Create(new DashboardsOptions()), NullLogger<KpiMetricsService>.Instance);
        using var stop = new CancellationTokenSource();

        var refresh = service.RefreshAsync(stop.Token);
        await Task.Yield();

        Assert.False(refresh.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refresh);
        Assert.Equal(1, turns.Taken);
        Assert.False(File.Exists(snapshots.Path));
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        Assert.DoesNotContain("insights_kpi_refreshes_total{", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }
}
