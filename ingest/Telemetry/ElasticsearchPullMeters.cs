using Prometheus;

namespace Platform.Insights.Ingest.Telemetry;

/// <summary>
/// The Elasticsearch pull's own series on <c>/metrics</c>, per source: requests by operation and outcome, retries,
/// documents received / stored / dropped by reason, errors by reason, shard failures, points in time reopened after
/// expiring, and the checkpoint (the window end read so far).
/// </summary>
public sealed class ElasticsearchPullMeters
{
    private readonly Counter _requests;
    private readonly Counter _retries;
    private readonly Histogram _duration;
    private readonly Counter _received;
    private readonly Counter _stored;
    private readonly Counter _dropped;
    private readonly Counter _errors;
    private readonly Counter _shardFailures;
    private readonly Counter _reopened;
    private readonly Gauge _checkpoint;

    public ElasticsearchPullMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("insights_elasticsearch_pull_requests_total",
            "Requests to Elasticsearch, by source, operation (open_pit, search) and outcome (ok, error).", "source", "operation", "outcome");
        _retries = factory.CreateCounter("insights_elasticsearch_pull_retries_total", "Requests retried after a 5xx, 429, shard failure, timeout or connection error.");
        _duration = factory.CreateHistogram("insights_elasticsearch_pull_request_duration_seconds", "Time of one request, retries included.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _received = factory.CreateCounter("insights_elasticsearch_pull_documents_received_total", "Documents received from Elasticsearch, by source.", "source");
        _stored = factory.CreateCounter("insights_elasticsearch_pull_documents_stored_total", "Pulled documents stored as events, by source.", "source");
        _dropped = factory.CreateCounter("insights_elasticsearch_pull_documents_dropped_total",
            "Pulled documents not stored, by source and reason (duplicate, or the import's drop reasons: invalid, bad_timestamp, unknown_outcome, ends_before_start, service_not_in_catalog).", "source", "reason");
        _errors = factory.CreateCounter("insights_elasticsearch_pull_errors_total",
            "Pulls of a source that failed, by reason (unauthorized, server_error, unreachable, timeout, circuit_open, shard_failure, bad_request, store_failed, bad_response).",
            "source", "reason");
        _shardFailures = factory.CreateCounter("insights_elasticsearch_pull_shard_failures_total",
            "Shards reported failed (_shards.failed) on answered pages; such a page is asked again, never stored in part.", "source");
        _reopened = factory.CreateCounter("insights_elasticsearch_pull_pit_reopened_total",
            "Points in time that had expired (search_context_missing_exception) and were opened again to continue.", "source");
        _checkpoint = factory.CreateGauge("insights_elasticsearch_pull_checkpoint_timestamp_seconds", "The end of the last window a source read completely.", "source");
    }

    public void Request(string source, string operation, bool ok, TimeSpan elapsed)
    {
        _requests.WithLabels(source, operation, ok ? "ok" : "error").Inc();
        _duration.Observe(elapsed.TotalSeconds);
    }

    public void Retry() => _retries.Inc();

    public void Received(string source, long documents) => _received.WithLabels(source).Inc(documents);

    public void Stored(string source, long documents) => _stored.WithLabels(source).Inc(documents);

    public void Dropped(string source, string reason, long documents)
    {
        if (documents > 0)
        {
            _dropped.WithLabels(source, reason).Inc(documents);
        }
    }

    public void Error(string source, string reason) => _errors.WithLabels(source, reason).Inc();

    public void ShardFailures(string source, int shards) => _shardFailures.WithLabels(source).Inc(shards);

    public void Reopened(string source) => _reopened.WithLabels(source).Inc();

    public void Checkpoint(string source, DateTimeOffset to) => _checkpoint.WithLabels(source).Set(to.ToUnixTimeMilliseconds() / 1000.0);
}
