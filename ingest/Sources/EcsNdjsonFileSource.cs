using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>insights import logs</c>: Elastic Common Schema NDJSON files, routed by <c>service.name</c>. Events are checked by
/// <see cref="DeliveryEventRules"/> against the catalog as loaded when the file's import starts; fields are read under
/// the names configured in <c>Insights:Ingest:Fields</c>.
/// </summary>
public sealed class EcsNdjsonFileSource(
    IGrainFactory grains, IngestMeters meters, ServiceRouting routing, ICatalogDirectory catalog, ClockSkewLimit clockSkew, IOptions<IngestOptions> options)
    : FileSource<LogEvent>(grains, meters)
{
    private readonly EcsFieldMap fields = new(options.Value.Fields);
    private DeliveryEventRules rules = new();

    protected override string Kind => ImportKinds.Logs;

    protected override IEnumerable<ParsedRecord<LogEvent>> Parse(TextReader reader, string fileName) =>
        EcsNdjsonParser.Parse(reader, fileName, rules, fields);

    protected override async IAsyncEnumerable<ParsedRecord<LogEvent>> ParseFileAsync(TrackedFile file, string fileName,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        rules = await DeliveryEventRules.ForCatalogAsync(catalog, clockSkew, cancellationToken);
        foreach (var record in Parse(file.Reader, fileName))
        {
            yield return record;
        }
    }

    protected override async Task<IngestResult> StoreBatchAsync(string importId, List<LogEvent> batch, CancellationToken cancellationToken)
    {
        var calls = routing.Split(batch, ServiceRouting.ServiceOf)
            .Select(pair => Grains.GetGrain<IServiceGrain>(pair.Key).IngestLogsAsync([.. pair.Value], cancellationToken));
        var results = await Task.WhenAll(calls);
        return results.Aggregate(default(IngestResult), IngestResult.Add);
    }
}
