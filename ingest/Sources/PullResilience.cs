using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Retries and a circuit breaker around every request of a pull from an upstream API (Prometheus's <c>query_range</c>,
/// Elasticsearch's search) with Polly, on the injected clock: a per-attempt timeout; retries with exponential backoff and
/// jitter for no answer, timeouts and what the API's own exception calls transient (5xx, 429, failed shards) — never for
/// a 4xx (bad credentials or a bad query do not get better); and a breaker that stops asking an upstream that keeps
/// failing (callers see <see cref="BrokenCircuitException"/> until it half-opens), so a down server does not make the
/// pull spin.
/// </summary>
public static partial class PullResilience
{
    /// <param name="upstream">Names the upstream in log lines ("Prometheus", "Elasticsearch").</param>
    /// <param name="transient">Which of the API client's own exceptions are worth retrying.</param>
    public static ResiliencePipeline Build<TApiException>(
        string upstream, PullResilienceSettings settings, Func<TApiException, bool> transient, Action retried, TimeProvider time, ILogger logger)
        where TApiException : Exception
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handled = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle(transient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                OnRetry = args =>
                {
                    retried();
                    LogRetry(logger, upstream, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "failed");
                    return default;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakAfterFailures,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = settings.BreakDuration,
                OnOpened = args =>
                {
                    LogBreak(logger, upstream, args.BreakDuration);
                    return default;
                },
            })
            .AddTimeout(settings.RequestTimeout)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Upstream} pull: retry {Attempt} in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string upstream, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Upstream} pull: {Upstream} keeps failing; no requests for {Duration}")]
    private static partial void LogBreak(ILogger logger, string upstream, TimeSpan duration);
}
