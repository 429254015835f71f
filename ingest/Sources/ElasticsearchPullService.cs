using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The scheduled Elasticsearch pull in <c>insights serve</c>: once the host has started, every configured source is pulled,
/// then again every <c>Interval</c> on a <see cref="PeriodicTimer"/> driven by the injected <see cref="TimeProvider"/>, as
/// the Prometheus pull does. Does nothing when no sources are configured. A round that throws is logged and the loop goes on.
/// </summary>
public sealed partial class ElasticsearchPullService(
    ElasticsearchSource source,
    TimeProvider time,
    ILogger<ElasticsearchPullService> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>Completed rounds (for tests and diagnostics).</summary>
    public int Rounds => _rounds;

    private int _rounds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source.Options.Sources.Count == 0)
        {
            return;
        }
        if (lifetime is not null)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(stoppingToken);
        }
        var urls = string.Join(", ", source.Options.NodeUrls);
        LogStarting(logger, source.Options.Sources.Count, urls, source.Options.Interval);
        using var timer = new PeriodicTimer(source.Options.Interval, time);
        do
        {
            try
            {
                await source.PullAllAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }
            Interlocked.Increment(ref _rounds);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Elasticsearch pull: {Sources} sources from {Urls} every {Interval}")]
    private static partial void LogStarting(ILogger logger, int sources, string urls, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch pull: a round failed; the next one runs on schedule")]
    private static partial void LogRoundFailed(ILogger logger, Exception failure);
}
