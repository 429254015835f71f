using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The billing CSV entry point: reads the header, detects the layout (<see cref="BillingFormatDetector"/>) unless
/// one is given, and streams FOCUS rows from the matching parser (FOCUS files go to <see cref="FocusCsvParser"/>'s
/// logic unchanged). Header problems throw <see cref="InputFormatException"/> when enumeration starts.
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

    private static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(TextReader reader, string fileName, BillingFormat? given, BillingFormat[] accepted)
    {
        var csv = new CsvRecordReader(reader);
        var header = CsvHeader.Read(csv, fileName);
        var format = given ?? BillingFormatDetector.Detect(header, fileName);
        if (accepted.Length > 0 && !accepted.Contains(format))
        {
            throw new InputFormatException(fileName, csv.StartLine,
                $"expected {string.Join(" or ", accepted)} but the header is {format}: {string.Join(',', header.Take(10))}");
        }
        var rows = format switch
        {
            BillingFormat.Focus => FocusCsvParser.ParseRows(csv, header, fileName),
            BillingFormat.AwsCurLegacy or BillingFormat.AwsCur2 => AwsCurCsvParser.ParseRows(csv, header, fileName, format),
            BillingFormat.AzureEaLegacy or BillingFormat.AzureCostInBillingCurrency => AzureCostCsvParser.ParseRows(csv, header, fileName, format),
            _ => throw new ArgumentOutOfRangeException(nameof(given), format, "unknown billing format"),
        };
        foreach (var record in rows)
        {
            yield return record;
        }
    }
}
