using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// The Elasticsearch pull the tests drive against a fake server: one source of <c>logs-*</c>, pages of 100, a one-hour
/// backfill, no waits between retries; each test changes only what it is about.
/// </summary>
public static class ElasticsearchTestSources
{
    public static ElasticsearchSourceOptions Logs(string tiebreaker = "_shard_doc") =>
        new() { Name = "logs", IndexPatterns = ["logs-*"], Tiebreaker = tiebreaker };

    public static ElasticsearchSource Create(string url, IEventPullStore store, CollectorRegistry registry, TimeProvider time,
        Action<ElasticsearchPullOptions>? configure = null, ElasticsearchPullStatus? status = null, FixedCatalog? catalog = null, IPullLock? locks = null)
    {
        var options = new ElasticsearchPullOptions
        {
            Url = url,
            PageSize = 100,
            Backfill = TimeSpan.FromHours(1),
            Lag = TimeSpan.FromMinutes(2),
            RetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
            MaxRetries = 2,
            RequestTimeout = TimeSpan.FromSeconds(10),
            Sources = [Logs()],
        };
        configure?.Invoke(options);
        return new ElasticsearchSource(new ElasticsearchApiClient(Options.Create(options)), store, catalog ?? new FixedCatalog(), new IngestMeters(registry),
            new ElasticsearchPullMeters(registry), status ?? new ElasticsearchPullStatus(), time, NullLogger<ElasticsearchSource>.Instance, locks: locks);
    }
}
