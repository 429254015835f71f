using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Retries and a circuit breaker around every Elasticsearch request (Polly), on the injected clock: a per-attempt
/// timeout; retries with exponential backoff and jitter for no answer, 5xx, 429, timeouts and pages with failed shards —
/// never for 4xx (bad credentials or a bad query do not get better) nor an expired point in time (the source opens a new
/// one); and a breaker that stops asking a cluster that keeps failing (<see cref="BrokenCircuitException"/> until it
/// half-opens).
/// </summary>
public static partial class ElasticsearchPullResilience
{
    public static ResiliencePipeline Build(ElasticsearchPullOptions options, TimeProvider time, ElasticsearchPullMeters meters, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle<ElasticsearchApiException>(e => e.IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    meters.Retry();
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "failed");
                    return default;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = options.BreakAfterFailures,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    LogBreak(logger, args.BreakDuration);
                    return default;
                },
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch pull: retry {Attempt} in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch pull: Elasticsearch keeps failing; no requests for {Duration}")]
    private static partial void LogBreak(ILogger logger, TimeSpan duration);
}
