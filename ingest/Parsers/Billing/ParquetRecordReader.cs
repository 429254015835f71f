using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Reads a Parquet file as tabular records through DuckDB's Parquet reader, streamed (DuckDB decodes 2,048-row vectors
/// as they are read, so memory does not follow the file or its row groups). The header is the top-level column names;
/// every value comes out as the invariant text the CSV mappers read: numbers in DuckDB's shortest round-trip form,
/// timestamps as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (a timestamp without zone is UTC, as FOCUS defines it), maps,
/// structs and lists as JSON (an empty map as null). <see cref="StartLine"/> is the 1-based row number in the file.
/// The query starts at the first <see cref="Read"/>, so a mapper can first hand the columns it keeps as <c>x_…</c> extras
/// to <see cref="BuildExtra"/>: DuckDB then builds each row's extras object in SQL and only the mapped columns cross
/// into .NET.
/// </summary>
internal sealed class ParquetRecordReader : IRecordReader, IExtraColumnsSource, IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // What C#'s span Trim() removes from the ASCII range; the mappers trim every field this way.
    private const string WhiteSpace = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

    private readonly DuckDBConnection _connection;
    private readonly string _path;
    private readonly string _fileName;
    private readonly (string Name, string Type)[] _columns;
    private readonly string?[] _row;
    private readonly bool[] _loaded;
    private DuckDBCommand? _command;
    private DuckDBDataReader? _reader;
    private (IReadOnlyList<int> Columns, IReadOnlyList<string> Keys, IReadOnlySet<int> Read)? _extra;
    private int _extraOrdinal = -1;
    private long _rowNumber;

    private ParquetRecordReader(DuckDBConnection connection, string path, string fileName, (string Name, string Type)[] columns, long rows)
    {
        _connection = connection;
        _path = path;
        _fileName = fileName;
        _columns = columns;
        Header = [.. columns.Select(c => c.Name)];
        Rows = rows;
        _row = new string?[Header.Length];
        _loaded = new bool[Header.Length];
    }

    public string[] Header { get; }

    /// <summary>Rows in the file (from its footer), for progress.</summary>
    public long Rows { get; }

    public int FieldCount => Header.Length;

    public long StartLine => _rowNumber;

    public string? Error => null;

    public bool IsBlank => false;

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            if (!_loaded[index])
            {
                _row[index] = _reader!.IsDBNull(index) ? null : _reader.GetString(index);
                _loaded[index] = true;
            }
            return _row[index];
        }
    }

    public ReadOnlyMemory<byte> ExtraJsonUtf8(Utf8Arena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        if (_extraOrdinal < 0 || _reader!.IsDBNull(_extraOrdinal))
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        // The column is encode()d to a BLOB, which DuckDB.NET hands over as a stream over the vector's own bytes.
        using var bytes = _reader.GetStream(_extraOrdinal);
        var target = arena.Take(checked((int)bytes.Length));
        bytes.ReadExactly(target.Span);
        return target;
    }

    public void BuildExtra(IReadOnlyList<int> columns, IReadOnlyList<string> keys, IReadOnlySet<int> read)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(read);
        if (_reader is not null)
        {
            throw new InvalidOperationException("the extras must be chosen before the first row is read");
        }
        _extra = (columns, keys, read);
    }

    /// <summary>True when the stream starts with the Parquet magic bytes <c>PAR1</c>; the position is restored.</summary>
    public static bool IsParquet(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var position = stream.Position;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = position;
        return read == head.Length && head.SequenceEqual(Magic);
    }

    public static ParquetRecordReader Open(string path, string fileName)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            Execute(connection, "SET memory_limit = '256MB'; SET threads = 1; SET TimeZone = 'UTC'");
            var columns = new List<(string Name, string Type)>();
            using (var describe = connection.CreateCommand())
            {
                describe.CommandText = "DESCRIBE SELECT * FROM read_parquet($path)";
                describe.Parameters.Add(new DuckDBParameter("path", path));
                using var schema = describe.ExecuteReader();
                while (schema.Read())
                {
                    columns.Add((schema.GetString(0), schema.GetString(1)));
                }
            }
            long rows;
            using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT count(*) FROM read_parquet($path)";
                count.Parameters.Add(new DuckDBParameter("path", path));
                rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return new ParquetRecordReader(connection, path, fileName, [.. columns], rows);
        }
        catch (DuckDBException ex)
        {
            connection.Dispose();
            throw new InputFormatException(fileName, null, $"not a readable Parquet file: {ex.Message}");
        }
    }

    public bool Read()
    {
        _reader ??= Start();
        try
        {
            if (!_reader.Read())
            {
                return false;
            }
        }
        catch (DuckDBException ex)
        {
            // A corrupt page or column chunk is only found when its rows are read.
            throw new InputFormatException(_fileName, _rowNumber + 1, $"not a readable Parquet file (row {_rowNumber + 1}): {ex.Message}");
        }
        _rowNumber++;
        Array.Clear(_loaded);
        return true;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _command?.Dispose();
        _connection.Dispose();
    }

    // SELECT of every column as text, or, with extras to build, of the columns the mapper reads (the others as NULL) plus
    // one JSON object of the extras' non-empty trimmed texts in header order (keys JSON-quoted here, values by DuckDB's
    // to_json). A mapper may read a column it also keeps as an extra (CUR's line item type).
    private DuckDBDataReader Start()
    {
        var text = string.Join(", ", _columns.Select((c, i) => $"{AsText(c.Name, c.Type)} AS c{i}"));
        var sql = $"SELECT {text} FROM read_parquet($path)";
        if (_extra is { } extra && extra.Columns.Count > 0)
        {
            var columns = string.Join(", ", _columns.Select((_, i) => extra.Read.Contains(i) ? $"c{i}" : $"NULL::VARCHAR AS c{i}"));
            var trimmed = string.Join(", ", extra.Columns.Select(i => $"trim(c{i}, {WhiteSpace}) AS e{i}"));
            var parts = extra.Columns.Select((i, k) =>
                $"CASE WHEN e{i} <> '' THEN '{JsonSerializer.Serialize(extra.Keys[k]).Replace("'", "''", StringComparison.Ordinal)}:' || CAST(to_json(e{i}) AS VARCHAR) END");
            _extraOrdinal = _columns.Length;
            // encode(): the object's UTF-8 bytes as a BLOB (a cast to BLOB would read backslash escapes), so the text
            // crosses into .NET without becoming a string (ExtraJsonUtf8).
            sql = $"SELECT {columns}, encode(NULLIF('{{' || concat_ws(',', {string.Join(", ", parts)}) || '}}', '{{}}')) FROM (SELECT *, {trimmed} FROM ({sql}))";
        }
        _command = _connection.CreateCommand();
        _command.CommandText = sql;
        _command.Parameters.Add(new DuckDBParameter("path", _path));
        _command.UseStreamingMode = true;
        try
        {
            return (DuckDBDataReader)_command.ExecuteReader();
        }
        catch (DuckDBException ex)
        {
            throw new InputFormatException(_fileName, null, $"not a readable Parquet file: {ex.Message}");
        }
    }

    /// <summary>The column as text, by its DuckDB type (see the class comment).</summary>
    private static string AsText(string name, string type)
    {
        var column = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        if (type.StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            return $"strftime(CAST({column} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%fZ')";
        }
        if (type.StartsWith("MAP(", StringComparison.Ordinal))
        {
            return $"CASE WHEN cardinality({column}) > 0 THEN CAST(to_json({column}) AS VARCHAR) END";
        }
        if (type.StartsWith("STRUCT(", StringComparison.Ordinal) || type.EndsWith(']') || type == "JSON")
        {
            return $"CAST(to_json({column}) AS VARCHAR)";
        }
        return $"CAST({column} AS VARCHAR)";
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
