using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// Recomputes the KPI gauges in <c>insights serve</c> at start and every <c>Insights:Dashboards:KpiRefresh</c>, off the
/// scrape path: a scrape only serialises the last snapshot, so it stays fast at any number of services. A failed
/// computation keeps the previous values (counted and logged); the next one retries.
/// </summary>
public sealed partial class KpiMetricsService(
    KpiSnapshotBuilder builder, KpiGauges gauges, TimeProvider time, IOptions<DashboardsOptions> options, ILogger<KpiMetricsService> logger) : BackgroundService
{
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
        var started = time.GetTimestamp();
        try
        {
            var samples = await builder.BuildAsync(cancellationToken);
            var took = time.GetElapsedTime(started);
            await gauges.PublishAsync(samples, time.GetUtcNow(), took, cancellationToken);
            LogRefreshed(logger, samples.Count, took.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            gauges.Failed();
            LogRefreshFailed(logger, e);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI gauges not refreshed (the previous values stay); retrying at the next refresh")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
