using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The scheduled pull in <c>insights serve</c>: once the host has started, every configured query is pulled, then again
/// every <c>Interval</c> on a <see cref="PeriodicTimer"/> driven by the injected <see cref="TimeProvider"/> (a
/// <c>FakeTimeProvider</c> in tests). Not a Quartz job: it is a continuous ingest loop, not a calendar schedule, and it
/// must stop with the host. Does nothing when no queries are configured. A round that throws is logged and the loop goes on.
/// </summary>
public sealed partial class PrometheusPullService(
    PrometheusQuerySource source,
    TimeProvider time,
    ILogger<PrometheusPullService> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>Completed rounds (for tests and diagnostics).</summary>
    public int Rounds => _rounds;

    private int _rounds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source.Options.Queries.Count == 0)
        {
            return;
        }
        if (lifetime is not null)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(stoppingToken);
        }
        LogStarting(logger, source.Options.Queries.Count, source.Options.Url ?? "", source.Options.Interval);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus pull: {Queries} queries from {Url} every {Interval}")]
    private static partial void LogStarting(ILogger logger, int queries, string url, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Prometheus pull: a round failed; the next one runs on schedule")]
    private static partial void LogRoundFailed(ILogger logger, Exception failure);
}
