using Parquet;
using Parquet.Schema;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Reads a Parquet file as tabular records, one row group at a time: <see cref="LoadNextRowGroupAsync"/> decodes the
/// next group's columns and <see cref="Read"/> then walks its rows, so memory follows the largest row group, not the
/// file. The header is the top-level column names; <see cref="StartLine"/> is the 1-based row number in the file.
/// </summary>
internal sealed class ParquetRecordReader : IRecordReader, IAsyncDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly ParquetReader parquet;
    private readonly Field[] fields;
    private readonly string fileName;
    private ParquetColumn[] columns = [];
    private ParquetRowGroupReader? group;
    private int nextGroup;
    private long firstRow = 1;
    private int rows;
    private int row = -1;

    private ParquetRecordReader(ParquetReader parquet, Field[] fields, string fileName)
    {
        this.parquet = parquet;
        this.fields = fields;
        this.fileName = fileName;
        Header = [.. fields.Select(f => f.Name)];
    }

    public string[] Header { get; }

    public int FieldCount => fields.Length;

    public long StartLine => firstRow + row;

    public string? Error => null;

    public bool IsBlank => false;

    public ReadOnlySpan<char> this[int index] => columns[index].Text(row);

    /// <summary>True when the stream starts with the Parquet magic bytes <c>PAR1</c>; the position is restored.</summary>
    public static bool IsParquet(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var position = stream.Position;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = position;
        return read == head.Length && head.SequenceEqual(Magic);
    }

    public static async Task<ParquetRecordReader> OpenAsync(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        ParquetReader parquet;
        try
        {
            parquet = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ParquetException or NotSupportedException)
        {
            throw new InputFormatException(fileName, null, $"not a readable Parquet file: {ex.Message}");
        }
        var fields = parquet.Schema.Fields.ToArray();
        foreach (var field in fields)
        {
            if (ParquetColumn.Unsupported(field) is { } why)
            {
                await parquet.DisposeAsync();
                throw new InputFormatException(fileName, null, $"Parquet column '{field.Name}' holds {why}");
            }
        }
        return new ParquetRecordReader(parquet, fields, fileName);
    }

    /// <summary>Decodes the next row group; false when there is none.</summary>
    public async Task<bool> LoadNextRowGroupAsync(CancellationToken cancellationToken)
    {
        firstRow += rows;
        columns = [];
        // Decoded strings point into buffers the group reader rents from a shared pool: they stay valid only while it is open.
        group?.Dispose();
        group = null;
        rows = 0;
        row = -1;
        if (nextGroup >= parquet.RowGroupCount)
        {
            return false;
        }
        group = parquet.OpenRowGroupReader(nextGroup++);
        var count = checked((int)group.RowCount);
        var loaded = new ParquetColumn[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            try
            {
                loaded[i] = await ParquetColumn.LoadAsync(group, fields[i], count, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ParquetException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                throw new InputFormatException(fileName, firstRow,
                    $"column '{fields[i].Name}' of row group {nextGroup} (rows {firstRow}-{firstRow + count - 1}) cannot be decoded: {ex.Message}");
            }
        }
        columns = loaded;
        rows = count;
        return true;
    }

    public bool Read()
    {
        if (row + 1 >= rows)
        {
            return false;
        }
        row++;
        return true;
    }

    public ValueTask DisposeAsync()
    {
        group?.Dispose();
        return parquet.DisposeAsync();
    }
}
