using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Query;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// Recomputes the KPI gauges in <c>insights serve</c> at start and every <c>Insights:Dashboards:KpiRefresh</c>, off the
/// scrape path: a scrape only serialises the last snapshot, so it stays fast at any number of services. A failed
/// computation keeps the previous values (counted and logged); the next one retries.
/// Each computed snapshot is kept in the data directory; at the next start it is served before the web server takes
/// its first request (the host's starting phase), so a scrape right after a restart finds the last values — with their
/// computation time and age — instead of no KPI series until the first computation ends.
/// A refresh takes one of the <see cref="RecomputeTurns"/> the uptime API's recomputes take: on a large store each alone
/// reaches DuckDB's memory limit, and together they sort on disk (BENCHMARKS.md §39).
/// </summary>
public sealed partial class KpiMetricsService(
    KpiSnapshotBuilder builder, KpiGauges gauges, KpiSnapshotFile snapshots, RecomputeTurns turns, TimeProvider time, IOptions<DashboardsOptions> options, ILogger<KpiMetricsService> logger)
    : BackgroundService, IHostedLifecycleService
{
    /// <summary>Restores the last snapshot; runs before any hosted service (the web server included) starts.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await snapshots.LoadAsync(cancellationToken) is { } snapshot)
        {
            await gauges.RestoreAsync(snapshot, cancellationToken);
            LogRestored(logger, snapshot.Samples.Count, snapshot.ComputedAt);
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KpiRefresh, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One computation and publication (also what a test calls directly).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<KpiSample> samples;
            TimeSpan took;
            using (await turns.TakeAsync(cancellationToken))
            {
                var started = time.GetTimestamp();
                samples = await builder.BuildAsync(cancellationToken);
                took = time.GetElapsedTime(started);
            }
            var at = time.GetUtcNow();
            await gauges.PublishAsync(samples, at, took, cancellationToken);
            LogRefreshed(logger, samples.Count, took.TotalSeconds);
            await KeepAsync(new KpiSnapshot(at, took, samples), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            gauges.Failed();
            LogRefreshFailed(logger, e);
        }
    }

    /// <summary>Writes the snapshot for the next start; failing to is logged, never fails the refresh that is served.</summary>
    private async Task KeepAsync(KpiSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            await snapshots.SaveAsync(snapshot, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotKept(logger, snapshots.Path, e);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI gauges refreshed: {Series} series in {Seconds:0.0} s")]
    private static partial void LogRefreshed(ILogger logger, int series, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI gauges restored from the last snapshot: {Series} series computed at {ComputedAt:O}; refreshing")]
    private static partial void LogRestored(ILogger logger, int series, DateTimeOffset computedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KPI snapshot could not be written to {Path}; a restart serves no KPI gauges until its first refresh")]
    private static partial void LogNotKept(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI gauges not refreshed (the previous values stay); retrying at the next refresh")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
