using Prometheus;

namespace Platform.Insights.Ingest.Telemetry;

/// <summary>
/// The Prometheus query pull's own series on <c>/metrics</c>, per query: requests by outcome, retries, samples
/// received / stored / dropped by reason, errors by reason, and the checkpoint (the last evaluation stored).
/// </summary>
public sealed class PrometheusPullMeters
{
    private readonly Counter _requests;
    private readonly Counter _retries;
    private readonly Histogram _duration;
    private readonly Counter _received;
    private readonly Counter _stored;
    private readonly Counter _dropped;
    private readonly Counter _errors;
    private readonly Gauge _checkpoint;

    public PrometheusPullMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("insights_prometheus_pull_requests_total", "query_range requests to Prometheus, by query and outcome (ok, error).", "query", "outcome");
        _retries = factory.CreateCounter("insights_prometheus_pull_retries_total", "query_range requests retried after a 5xx, 429, timeout or connection error.");
        _duration = factory.CreateHistogram("insights_prometheus_pull_request_duration_seconds", "Time of one query_range request, retries included.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _received = factory.CreateCounter("insights_prometheus_pull_samples_received_total", "Points received from Prometheus, by query.", "query");
        _stored = factory.CreateCounter("insights_prometheus_pull_samples_stored_total", "Pulled points stored, by query.", "query");
        _dropped = factory.CreateCounter("insights_prometheus_pull_samples_dropped_total", "Pulled points not stored, by query and reason (duplicate: after the checkpoint and already stored; overlap: re-read before it and already stored; nan).", "query", "reason");
        _errors = factory.CreateCounter("insights_prometheus_pull_errors_total",
            "Pulls of a query that failed, by reason (bad_query, server_error, unreachable, timeout, circuit_open, store_failed, bad_response).", "query", "reason");
        _checkpoint = factory.CreateGauge("insights_prometheus_pull_checkpoint_timestamp_seconds", "The last evaluation time of a query stored (its checkpoint).", "query");
    }

    public void Request(string query, bool ok, TimeSpan elapsed)
    {
        _requests.WithLabels(query, ok ? "ok" : "error").Inc();
        _duration.Observe(elapsed.TotalSeconds);
    }

    public void Retry() => _retries.Inc();

    public void Received(string query, long points) => _received.WithLabels(query).Inc(points);

    public void Stored(string query, long points) => _stored.WithLabels(query).Inc(points);

    public void Dropped(string query, string reason, long points)
    {
        if (points > 0)
        {
            _dropped.WithLabels(query, reason).Inc(points);
        }
    }

    public void Error(string query, string reason) => _errors.WithLabels(query, reason).Inc();

    public void Checkpoint(string query, long lastMs) => _checkpoint.WithLabels(query).Set(lastMs / 1000.0);
}
