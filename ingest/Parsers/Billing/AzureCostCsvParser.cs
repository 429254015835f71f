using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Streams Azure Cost Management CSV exports (legacy EA <c>Cost</c> set or the <c>CostInBillingCurrency</c> set,
/// actual or amortized; BOM, <c>MM/dd/yyyy</c> dates) as FOCUS rows; the mapping is described on <c>AzureCostRowMapper</c>.
/// A missing mandatory column throws <see cref="InputFormatException"/> when enumeration starts.
/// </summary>
public static class AzureCostCsvParser
{
    public static IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return BillingCsvParser.ParseAs(reader, fileName, BillingFormat.AzureEaLegacy, BillingFormat.AzureCostInBillingCurrency);
    }

    internal static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(IRecordReader csv, string[] header, string fileName, BillingFormat format) =>
        new AzureCostRowMapper(header, fileName, csv.StartLine, format == BillingFormat.AzureCostInBillingCurrency).Rows(csv, fileName);
}
