using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// Retries around every Grafana request (Polly), on the injected clock: a per-attempt timeout, then exponential backoff
/// with jitter for 5xx answers, timeouts and connection errors. 4xx answers are never retried: they need a person
/// (a token, a permission, a conflicting dashboard).
/// </summary>
public static partial class GrafanaResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(DashboardsOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.PublishRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
                MaxRetryAttempts = options.PublishRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.PublishRetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"{(int)args.Outcome.Result!.StatusCode} {args.Outcome.Result.StatusCode}";
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, reason);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        return builder.AddTimeout(options.PublishTimeout).Build();
    }

    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grafana: retry {Attempt} in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string reason);
}
