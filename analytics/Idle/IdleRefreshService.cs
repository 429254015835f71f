using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The server's idle-findings schedule: every <c>Insights:Idle:RefreshInterval</c> it recomputes the findings when the
/// store's data changed since the latest run (<see cref="IdleDataMark"/>), or when that run is past half the staleness
/// bound — so reads (API, dashboards, reports, cleanup) are served from a persisted run and never wait for a recompute.
/// </summary>
public sealed partial class IdleRefreshService(IdleDetector detector, IdleRunStore runs, TimeProvider time, IOptions<IdleOptions> options, ILogger<IdleRefreshService> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        detector.RefreshedInBackground = true;
        return base.StartAsync(cancellationToken);
    }

    /// <summary>One check: recomputes when there is no run, the data changed, or the run is past half the bound; true when it ran.</summary>
    public async Task<bool> RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestAsync(cancellationToken);
        if (latest is not null && latest.AgeAt(time.GetUtcNow().UtcDateTime) < options.Value.MaxFindingAge / 2
            && (await detector.MarkAsync(cancellationToken)).Value == latest.DataMark)
        {
            return false;
        }
        await detector.RefreshAsync(latest?.RunId, cancellationToken);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the first run must not hold up the server's start
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Counted as a failed run (IdleMeters); the next interval tries again, and reads past the bound are stale.
                RefreshFailed(logger, e);
            }
            try
            {
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle findings refresh failed; retrying at the next interval")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);
}
