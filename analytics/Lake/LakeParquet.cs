using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Writes Arrow record batches to one Parquet file with ParquetSharp (Apache Parquet C++'s Arrow writer).
/// ZSTD (level 1, Arrow's default level) rather than DuckDB's default Snappy: lake files are written once and read by
/// every KPI query of every silo, from shared storage, where a smaller file is the cheaper one (BENCHMARKS.md §21 has
/// the sizes and write costs of both). Row groups of at most 122,880 rows, DuckDB's own row-group size, so DuckDB's
/// <c>read_parquet</c> parallelises over a lake file as it did over the files its <c>COPY</c> wrote.
/// </summary>
public static class LakeParquet
{
    public const int RowGroupRows = 122_880;

    public const Compression DefaultCompression = Compression.Zstd;

    /// <summary>
    /// Writes <paramref name="batches"/> (one schema) to <paramref name="path"/>; on a failure the partial file is deleted.
    /// The caller writes under a temporary name and renames: this file is complete only when this returns.
    /// </summary>
    public static void Write(string path, Schema schema, IEnumerable<RecordBatch> batches, Compression compression = DefaultCompression)
    {
        ArgumentNullException.ThrowIfNull(batches);
        try
        {
            using var properties = new WriterPropertiesBuilder()
                .Compression(compression)
                .MaxRowGroupLength(RowGroupRows)
                .CreatedBy("Platform.Insights lake writer (ParquetSharp)")
                .Build();
            using var writer = new FileWriter(path, schema, properties);
            foreach (var batch in batches)
            {
                writer.WriteRecordBatch(batch, RowGroupRows);
            }
            writer.Close();
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
