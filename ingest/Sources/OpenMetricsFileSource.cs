using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>insights import metrics</c>: OpenMetrics / Prometheus text files. Each batch is split by service
/// and sent as one call per service grain, in parallel.
/// </summary>
public sealed class OpenMetricsFileSource(IGrainFactory grains, IngestMeters meters, ServiceRouting routing, TimeProvider time, ClockSkewLimit clockSkew)
    : FileSource<MetricSample>(grains, meters)
{
    protected override string Kind => ImportKinds.Metrics;

    protected override int BatchSize => 50_000;

    protected override IEnumerable<ParsedRecord<MetricSample>> Parse(TextReader reader, string fileName) =>
        OpenMetricsTextParser.Parse(reader, fileName, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A sample stamped beyond the clock skew limit is rejected (a sample without a timestamp is stamped now, as Prometheus does).</summary>
    protected override IAsyncEnumerable<ParsedRecord<MetricSample>> ParseFileAsync(TrackedFile file, string fileName, CancellationToken cancellationToken) =>
        clockSkew.RejectFutureAsync(base.ParseFileAsync(file, fileName, cancellationToken), fileName, "timestamp",
            s => DateTimeOffset.FromUnixTimeMilliseconds(s.TimestampMs), cancellationToken);

    protected override async Task<IngestResult> StoreBatchAsync(string importId, List<MetricSample> batch, CancellationToken cancellationToken)
    {
        var calls = routing.Split(batch, routing.ServiceOf)
            .Select(pair => Grains.GetGrain<IServiceGrain>(pair.Key).IngestMetricsAsync([.. pair.Value], cancellationToken));
        var results = await Task.WhenAll(calls);
        return results.Aggregate(default(IngestResult), IngestResult.Add);
    }
}
