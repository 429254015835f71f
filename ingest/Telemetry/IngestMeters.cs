using Prometheus;

namespace Platform.Insights.Ingest.Telemetry;

/// <summary>
/// The pipeline's own counters on <c>/metrics</c>: received, stored, dropped by reason, and errors,
/// per kind of data (metrics, logs, billing) and source.
/// </summary>
public sealed class IngestMeters
{
    private readonly Counter _received;
    private readonly Counter _stored;
    private readonly Counter _dropped;
    private readonly Counter _errors;
    private readonly Counter _pullSkipped;

    public IngestMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _received = factory.CreateCounter("insights_ingest_received_total", "Records received by the ingest pipeline.", "kind", "source");
        _stored = factory.CreateCounter("insights_ingest_stored_total", "Records stored by the ingest pipeline.", "kind");
        _dropped = factory.CreateCounter("insights_ingest_dropped_total", "Records dropped by the ingest pipeline, by reason.", "kind", "reason");
        _errors = factory.CreateCounter("insights_ingest_errors_total", "Ingest failures (a batch or file that could not be stored).", "kind", "source");
        _pullSkipped = factory.CreateCounter("insights_pull_skipped_total",
            "Scheduled pulls of a source (prometheus:QUERY, elasticsearch:SOURCE) not made here, by reason (held_elsewhere: another silo holds its pull lock).",
            "source", "reason");
    }

    public void Received(string kind, string source, long count) => _received.WithLabels(kind, source).Inc(count);

    public void Rejected(string kind, long count) => _dropped.WithLabels(kind, "invalid").Inc(count);

    /// <summary>Rejected records per reason (<see cref="Records.DropReasons"/>).</summary>
    public void Rejected(string kind, IReadOnlyDictionary<string, long> byReason)
    {
        ArgumentNullException.ThrowIfNull(byReason);
        foreach (var (reason, count) in byReason)
        {
            _dropped.WithLabels(kind, reason).Inc(count);
        }
    }

    public void Failed(string kind, string source) => _errors.WithLabels(kind, source).Inc();

    /// <summary>A scheduled pull of <paramref name="source"/> this silo did not make (in a cluster, another silo holds its lock).</summary>
    public void PullSkipped(string source, string reason) => _pullSkipped.WithLabels(source, reason).Inc();

    public void Samples(long stored, long duplicates)
    {
        _stored.WithLabels("metrics").Inc(stored);
        _dropped.WithLabels("metrics", "duplicate").Inc(duplicates);
    }

    public void Events(long stored, long duplicates)
    {
        _stored.WithLabels("logs").Inc(stored);
        _dropped.WithLabels("logs", "duplicate").Inc(duplicates);
    }

    public void BillingRows(long stored) => _stored.WithLabels("billing").Inc(stored);
}
