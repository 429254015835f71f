using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// Grafana as an upstream (<see cref="Upstream"/>, the pipeline every upstream shares): a per-attempt timeout
/// (<c>PublishTimeout</c>), exponential backoff with jitter for 5xx, 429, timeouts and connection errors
/// (<c>PublishRetries</c>, <c>PublishRetryDelay</c>), and a breaker so a Grafana that keeps failing makes the rest of a
/// publish fail at once instead of waiting out every dashboard's retries. Other 4xx answers are never retried: they need
/// a person (a token, a permission, a conflicting dashboard).
/// </summary>
public static class GrafanaResilience
{
    public const string UpstreamName = "grafana";

    public static Upstream Of(DashboardsOptions options, Upstreams upstreams)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upstreams);
        return upstreams.Get(UpstreamName, UpstreamResilienceSettings.Of(options.PublishRetries, options.PublishRetryDelay, options.PublishTimeout));
    }
}
