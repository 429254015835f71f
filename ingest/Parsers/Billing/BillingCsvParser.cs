using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The billing text entry point: CSV (header row) or JSON lines (a first character <c>{</c>: GCP's BigQuery JSON
/// export). Reads the header, detects the layout (<see cref="BillingFormatDetector"/>) unless one is given, and streams
/// FOCUS rows from the matching mapper (FOCUS files go to <see cref="FocusCsvParser"/>'s logic unchanged). Header
/// problems throw <see cref="InputFormatException"/> when enumeration starts. Parquet goes through <see cref="BillingParquetParser"/>.
/// </summary>
public static class BillingCsvParser
{
    public static IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseRows(reader, fileName, null, []);
    }

    /// <summary>Parses as <paramref name="format"/> without detection (a <c>--format</c> override).</summary>
    public static IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName, BillingFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseRows(reader, fileName, format, []);
    }

    /// <summary>Detects the format and refuses any but <paramref name="accepted"/> (for the provider-specific parsers).</summary>
    internal static IEnumerable<ParsedRecord<FocusLineItem>> ParseAs(TextReader reader, string fileName, params BillingFormat[] accepted) =>
        ParseRows(reader, fileName, null, accepted);

    /// <summary>The mapper of <paramref name="format"/> over records whose header is already known (CSV, JSON lines or Parquet).</summary>
    internal static IEnumerable<ParsedRecord<FocusLineItem>> Rows(BillingFormat format, IRecordReader records, string[] header, string fileName) => format switch
    {
        BillingFormat.Focus => FocusCsvParser.ParseRows(records, header, fileName),
        BillingFormat.AwsCurLegacy or BillingFormat.AwsCur2 => AwsCurCsvParser.ParseRows(records, header, fileName, format),
        BillingFormat.AzureEaLegacy or BillingFormat.AzureCostInBillingCurrency => AzureCostCsvParser.ParseRows(records, header, fileName, format),
        BillingFormat.GcpBilling => new GcpBillingRowMapper(header, fileName, records.StartLine).Rows(records, fileName),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown billing format"),
    };

    private static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(TextReader reader, string fileName, BillingFormat? given, BillingFormat[] accepted)
    {
        IRecordReader records;
        string[] header;
        if (reader.Peek() == '{')
        {
            // JSON lines: only GCP's BigQuery export is written this way; its columns are known up front.
            var lines = new JsonLinesRecordReader(reader, GcpBillingColumns.All);
            records = lines;
            header = lines.Header;
            given ??= BillingFormat.GcpBilling;
        }
        else
        {
            var csv = new CsvRecordReader(reader);
            header = CsvHeader.Read(csv, fileName);
            records = csv;
        }
        var format = given ?? BillingFormatDetector.Detect(header, fileName);
        if (accepted.Length > 0 && !accepted.Contains(format))
        {
            throw new InputFormatException(fileName, records.StartLine,
                $"expected {string.Join(" or ", accepted)} but the header is {format}: {string.Join(',', header.Take(10))}");
        }
        foreach (var record in Rows(format, records, header, fileName))
        {
            yield return record;
        }
    }
}
