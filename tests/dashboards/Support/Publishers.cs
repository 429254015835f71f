using Microsoft.Extensions.Logging.Abstractions;
using Platform.Insights.Dashboards.Publishing;
using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Dashboards.Tests.Support;

/// <summary>A publisher against a URL with no retry delay (Polly waits zero; no clock to advance).</summary>
public static class Publishers
{
    public static GrafanaPublisher Create(string url, string token, out GrafanaClient client, int retries = 2)
    {
        var options = new DashboardsOptions { PublishRetries = retries, PublishRetryDelay = TimeSpan.Zero, PublishTimeout = TimeSpan.FromSeconds(30) };
        client = new GrafanaClient(new Uri(url), token, GrafanaResilience.Of(options, Upstreams.Standalone(TimeProvider.System)));
        return new GrafanaPublisher(client, NullLogger.Instance);
    }
}
