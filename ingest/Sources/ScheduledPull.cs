using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The schedule every pull in <c>insights serve</c> shares (the Prometheus query pull, the Elasticsearch pull): once the
/// host has started, one round, then one every <c>Interval</c> on a <see cref="PeriodicTimer"/> driven by the injected
/// <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c> in tests). Not a Quartz job: it is a continuous ingest loop, not a
/// calendar schedule, and it must stop with the host. Does nothing when nothing is configured. A round that throws is
/// logged and the loop goes on; checkpoints and retries belong to the round (the sources), not to the schedule.
/// </summary>
public abstract partial class ScheduledPull(TimeProvider time, ILogger logger, IHostApplicationLifetime? lifetime) : BackgroundService
{
    private int _rounds;

    /// <summary>Completed rounds (for tests and diagnostics).</summary>
    public int Rounds => _rounds;

    /// <summary>"Prometheus", "Elasticsearch": how log lines name the pull.</summary>
    protected abstract string Upstream { get; }

    /// <summary>What one round pulls, e.g. "2 queries"; null when nothing is configured (the loop does not run).</summary>
    protected abstract string? Configured { get; }

    /// <summary>Where it pulls from, for the start-up line.</summary>
    protected abstract string Target { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round: every configured query or source, each resuming from its checkpoint.</summary>
    protected abstract Task RoundAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Configured is not { } configured)
        {
            return;
        }
        if (lifetime is not null)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(stoppingToken);
        }
        LogStarting(logger, Upstream, configured, Target, Interval);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e, Upstream);
            }
            Interlocked.Increment(ref _rounds);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Upstream} pull: {Configured} from {Target} every {Interval}")]
    private static partial void LogStarting(ILogger logger, string upstream, string configured, string target, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Upstream} pull: a round failed; the next one runs on schedule")]
    private static partial void LogRoundFailed(ILogger logger, Exception failure, string upstream);
}
