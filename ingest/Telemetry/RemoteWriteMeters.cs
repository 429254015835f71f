using Prometheus;

namespace Platform.Insights.Ingest.Telemetry;

/// <summary>
/// The remote write receiver's own series on <c>/metrics</c>: requests by status code, latency, bytes, and samples
/// received / stored / dropped by reason / sent to <c>_unmapped</c>, requests refused because too many were in flight, and
/// the time spent per stage (where a sample's cost goes: <c>bench/remote_write.sh</c> prints it).
/// </summary>
public sealed class RemoteWriteMeters
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Counter _compressedBytes;
    private readonly Counter _decodedBytes;
    private readonly Counter _received;
    private readonly Counter _stored;
    private readonly Counter _dropped;
    private readonly Counter _unmapped;
    private readonly Counter _refused;
    private readonly Counter _stageSeconds;

    public RemoteWriteMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("insights_remote_write_requests_total", "Prometheus remote write requests, by HTTP status code.", "status");
        _duration = factory.CreateHistogram("insights_remote_write_request_duration_seconds", "Time to answer a remote write request, storing included.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        _compressedBytes = factory.CreateCounter("insights_remote_write_compressed_bytes_total", "Snappy-compressed remote write body bytes read.");
        _decodedBytes = factory.CreateCounter("insights_remote_write_decoded_bytes_total", "Remote write body bytes after snappy decompression.");
        _received = factory.CreateCounter("insights_remote_write_samples_received_total", "Samples in decoded remote write requests.");
        _stored = factory.CreateCounter("insights_remote_write_samples_stored_total", "Remote write samples stored.");
        _dropped = factory.CreateCounter("insights_remote_write_samples_dropped_total", "Remote write samples not stored, by reason.", "reason");
        _unmapped = factory.CreateCounter("insights_remote_write_samples_unmapped_total", "Remote write samples of series with no service label, sent to the _unmapped service.");
        _refused = factory.CreateCounter("insights_remote_write_requests_refused_total",
            "Remote write requests refused with 503 before their body was read because MaxConcurrentRequests were in flight (the sender retries them).");
        _stageSeconds = factory.CreateCounter("insights_remote_write_stage_seconds_total",
            "Time remote write requests spent in each stage, summed: read (the body), snappy, protobuf, split (by service, stale and future samples), store (the service grains and the store writer, waiting included).", "stage");
    }

    public void Request(int status, TimeSpan elapsed)
    {
        _requests.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        _duration.Observe(elapsed.TotalSeconds);
    }

    public void Bytes(long compressed, long decoded)
    {
        _compressedBytes.Inc(compressed);
        _decodedBytes.Inc(decoded);
    }

    public void Received(long samples) => _received.Inc(samples);

    public void Stored(long samples) => _stored.Inc(samples);

    public void Dropped(string reason, long samples)
    {
        if (samples > 0)
        {
            _dropped.WithLabels(reason).Inc(samples);
        }
    }

    public void Unmapped(long samples) => _unmapped.Inc(samples);

    public void Refused() => _refused.Inc();

    public void Stage(string stage, TimeSpan elapsed) => _stageSeconds.WithLabels(stage).Inc(elapsed.TotalSeconds);
}
