using System.Runtime.CompilerServices;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Streams FOCUS rows out of a Parquet billing export (FOCUS 1.0–1.2, AWS legacy CUR with Athena snake_case columns,
/// CUR 2.0 with its <c>resource_tags</c> map, or any other layout <see cref="BillingFormatDetector"/> knows): DuckDB's
/// Parquet reader (<see cref="ParquetRecordReader"/>) gives the column names as the header and each value as invariant
/// text, and the same mapper as for CSV does the rest. Each file is mapped by its own schema, so months whose columns
/// differ import alike. A bad value yields an error record naming the row (1-based) and the column.
/// </summary>
public static class BillingParquetParser
{
    private const int ProgressRows = 8_192;

    /// <summary>True when the stream holds Parquet (magic bytes <c>PAR1</c>, whatever the file is called).</summary>
    public static bool IsParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ParquetRecordReader.IsParquet(stream);
    }

    /// <summary>
    /// Parses the Parquet file behind <paramref name="stream"/> (a file stream: DuckDB reads the file by its path);
    /// <paramref name="format"/> overrides detection when given. The stream's position advances in proportion to the
    /// rows read, so progress reporting that watches it keeps working.
    /// </summary>
    public static async IAsyncEnumerable<ParsedRecord<FocusLineItem>> ParseAsync(
        Stream stream, string fileName, BillingFormat? format = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var path = stream is FileStream file ? file.Name : throw new ArgumentException("Parquet is read from a file stream", nameof(stream));
        using var parquet = ParquetRecordReader.Open(path, fileName);
        var layout = format ?? BillingFormatDetector.Detect(parquet.Header, fileName);
        var read = 0L;
        foreach (var record in BillingCsvParser.Rows(layout, parquet, parquet.Header, fileName))
        {
            yield return record;
            if (++read % ProgressRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stream.Position = Math.Min(stream.Length - 1, stream.Length * read / Math.Max(1, parquet.Rows));
                await Task.Yield();
            }
        }
        stream.Position = stream.Length;
    }
}
