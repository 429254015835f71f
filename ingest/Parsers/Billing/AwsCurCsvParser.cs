using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Streams AWS Cost and Usage Report CSV (legacy <c>lineItem/UnblendedCost</c> headers or CUR 2.0 snake_case) as
/// FOCUS rows; the mapping is described on <c>AwsCurRowMapper</c>. A missing mandatory column throws
/// <see cref="InputFormatException"/> when enumeration starts; a bad row yields an error record and parsing goes on.
/// </summary>
public static class AwsCurCsvParser
{
    public static IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return BillingCsvParser.ParseAs(reader, fileName, BillingFormat.AwsCurLegacy, BillingFormat.AwsCur2);
    }

    internal static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(IRecordReader csv, string[] header, string fileName, BillingFormat format) =>
        new AwsCurRowMapper(header, fileName, csv.StartLine, format == BillingFormat.AwsCurLegacy).Rows(csv, fileName);
}
