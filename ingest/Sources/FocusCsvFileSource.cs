using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>insights import billing</c>: FOCUS, AWS CUR, Azure cost and GCP billing exports as CSV (plain or gzip), Parquet
/// (told by its <c>PAR1</c> magic bytes, not its name) or GCP JSON lines; the layout is detected from the header unless
/// <see cref="Format"/> names it, and mapped onto FOCUS. Rows are written under the import's id and become visible
/// all at once: those of a <see cref="BillingDelivery"/> when it commits its one transaction (<see cref="Delivery"/>), those
/// of a file imported on its own when the <see cref="IImportGrain"/> commits the import.
/// </summary>
public sealed class FocusCsvFileSource(IGrainFactory grains, IngestMeters meters, IBillingSink billing, ClockSkewLimit clockSkew)
    : FileSource<FocusLineItem>(grains, meters)
{
    private readonly IngestMeters _meters = meters;

    /// <summary>The layout to read files as instead of detecting it (a <c>--format</c> override), or null.</summary>
    public BillingFormat? Format { get; set; }

    /// <summary>
    /// The delivery this source writes its rows into (set by <see cref="BillingDelivery"/>), or null to stage them per
    /// import for the <see cref="IImportGrain"/> to commit.
    /// </summary>
    public IBillingDeliveryWriter? Delivery { get; set; }

    protected override string Kind => ImportKinds.Billing;

    protected override IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName) =>
        Format is { } format ? BillingCsvParser.Parse(reader, fileName, format) : BillingCsvParser.Parse(reader, fileName);

    /// <summary>Every row, whatever its container, is also checked against its periods and its account's currency (<see cref="BillingRowConsistency"/>).</summary>
    /// A row charged for a period that starts beyond the clock skew limit is rejected (BillingPeriodEnd is in the future
    /// all month long, so only ChargePeriodStart says the exporter's clock is wrong).
    protected override IAsyncEnumerable<ParsedRecord<FocusLineItem>> ParseFileAsync(TrackedFile file, string fileName, CancellationToken cancellationToken) =>
        clockSkew.RejectFutureAsync(
            new BillingRowConsistency(fileName).CheckAllAsync(BillingParquetParser.IsParquet(file.Stored)
                ? BillingParquetParser.ParseAsync(file.Stored, fileName, Format, cancellationToken)
                : base.ParseFileAsync(file, fileName, cancellationToken)),
            fileName, "ChargePeriodStart", row => new DateTimeOffset(DateTime.SpecifyKind(row.ChargePeriodStart, DateTimeKind.Utc)), cancellationToken);

    protected override async Task<IngestResult> StoreBatchAsync(string importId, List<FocusLineItem> batch, CancellationToken cancellationToken)
    {
        await (Delivery is { } delivery
            ? delivery.AppendAsync(importId, batch, cancellationToken)
            : billing.StageAsync(importId, batch, cancellationToken));
        _meters.BillingRows(batch.Count);
        return new IngestResult(batch.Count, batch.Count, 0);
    }
}
