using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary><c>insights import logs</c>: Elastic Common Schema NDJSON files, routed by <c>service.name</c>.</summary>
public sealed class EcsNdjsonFileSource(IGrainFactory grains, IngestMeters meters, ServiceRouting routing)
    : FileSource<LogEvent>(grains, meters)
{
    protected override string Kind => ImportKinds.Logs;

    protected override IEnumerable<ParsedRecord<LogEvent>> Parse(TextReader reader, string fileName) =>
        EcsNdjsonParser.Parse(reader, fileName);

    protected override async Task<IngestResult> StoreBatchAsync(string importId, List<LogEvent> batch, CancellationToken cancellationToken)
    {
        var calls = routing.Split(batch, ServiceRouting.ServiceOf)
            .Select(pair => Grains.GetGrain<IServiceGrain>(pair.Key).IngestLogsAsync([.. pair.Value], cancellationToken));
        var results = await Task.WhenAll(calls);
        return results.Aggregate(default(IngestResult), IngestResult.Add);
    }
}
