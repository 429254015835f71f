using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>insights import billing</c>: FOCUS, AWS CUR and Azure cost export CSV (format detected from the header, mapped onto FOCUS). Rows are staged under the import's id and become visible
/// only when the <see cref="IImportGrain"/> commits the import, all at once.
/// </summary>
public sealed class FocusCsvFileSource(IGrainFactory grains, IngestMeters meters, IBillingSink billing)
    : FileSource<FocusLineItem>(grains, meters)
{
    private readonly IngestMeters _meters = meters;

    protected override string Kind => ImportKinds.Billing;

    protected override IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName) =>
        BillingCsvParser.Parse(reader, fileName);

    protected override async Task<IngestResult> StoreBatchAsync(string importId, List<FocusLineItem> batch, CancellationToken cancellationToken)
    {
        await billing.StageAsync(importId, batch, cancellationToken);
        _meters.BillingRows(batch.Count);
        return new IngestResult(batch.Count, batch.Count, 0);
    }
}
