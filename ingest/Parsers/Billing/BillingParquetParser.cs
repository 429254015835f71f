using System.Runtime.CompilerServices;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Streams FOCUS rows out of a Parquet billing export (FOCUS 1.0–1.2, AWS legacy CUR with Athena snake_case columns,
/// CUR 2.0 with its <c>resource_tags</c> map, or any other layout <see cref="BillingFormatDetector"/> knows): the
/// columns' names are the header, values are read as invariant text (see <see cref="ParquetValueFormat"/>) and the same
/// mapper as for CSV does the rest, one row group at a time. Each file is mapped by its own schema, so months whose
/// columns differ import alike. A bad value yields an error record naming the row (1-based) and the column.
/// </summary>
public static class BillingParquetParser
{
    /// <summary>True when the stream holds Parquet (magic bytes <c>PAR1</c>, whatever the file is called).</summary>
    public static bool IsParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ParquetRecordReader.IsParquet(stream);
    }

    /// <summary>Parses a seekable stream; <paramref name="format"/> overrides detection when given.</summary>
    public static async IAsyncEnumerable<ParsedRecord<FocusLineItem>> ParseAsync(
        Stream stream, string fileName, BillingFormat? format = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        await using var parquet = await ParquetRecordReader.OpenAsync(stream, fileName, cancellationToken);
        var layout = format ?? BillingFormatDetector.Detect(parquet.Header, fileName);
        // Mappers bind the header when enumerated: run them once even for a file without rows, so a bad header still fails.
        var loaded = await parquet.LoadNextRowGroupAsync(cancellationToken);
        do
        {
            foreach (var record in BillingCsvParser.Rows(layout, parquet, parquet.Header, fileName))
            {
                yield return record;
            }
        }
        while (loaded && (loaded = await parquet.LoadNextRowGroupAsync(cancellationToken)));
    }
}
