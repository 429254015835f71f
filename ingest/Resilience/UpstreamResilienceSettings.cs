namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// How one upstream is guarded (<see cref="Upstream"/>): each attempt's <paramref name="Timeout"/>;
/// <paramref name="MaxRetries"/> retries of transient failures, the first after <paramref name="RetryDelay"/>, each next
/// doubling (with jitter) up to <paramref name="MaxRetryDelay"/>; and a breaker that opens when at least
/// <paramref name="BreakAfterFailures"/> attempts within a minute were made and half or more failed transiently, then
/// refuses calls for <paramref name="BreakDuration"/> before letting one probe through.
/// </summary>
public sealed record UpstreamResilienceSettings(
    int MaxRetries, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, int BreakAfterFailures, TimeSpan BreakDuration, TimeSpan Timeout)
{
    /// <summary>
    /// For the upstreams whose options only name retries, their first delay and a timeout (Grafana, SMTP, webhooks):
    /// backoff up to 30 s, and the breaker of the pulls' defaults (6 attempts in a minute, half failing, opens it for a minute).
    /// </summary>
    public static UpstreamResilienceSettings Of(int maxRetries, TimeSpan retryDelay, TimeSpan timeout) =>
        new(maxRetries, retryDelay, TimeSpan.FromSeconds(30), 6, TimeSpan.FromMinutes(1), timeout);
}
