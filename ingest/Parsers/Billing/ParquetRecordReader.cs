using System.Globalization;
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
internal sealed class ParquetRecordReader : IRecordReader, IExtraColumnsSource, ITypedColumnsSource, IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

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

    // Per column: how it is read typed (null: as text), and the ordinal of its typed value (its fallback text follows).
    private readonly ParquetTypedColumn?[] _typed;
    private readonly int[] _typedOrdinal;

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
        _typed = new ParquetTypedColumn?[Header.Length];
        _typedOrdinal = new int[Header.Length];
    }

    /// <summary>False reads every column as text, as before typed reads (the tests compare both).</summary>
    public bool TypedReads { get; set; } = true;

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
                _row[index] = _typed[index] is { } typed ? TypedText(typed, _typedOrdinal[index])
                    : _reader!.IsDBNull(index) ? null : _reader.GetString(index);
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

    public void ReadTyped(IReadOnlySet<int> numbers, IReadOnlySet<int> timestamps)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(timestamps);
        if (_reader is not null)
        {
            throw new InvalidOperationException("typed columns must be chosen before the first row is read");
        }
        for (var i = 0; i < _columns.Length; i++)
        {
            _typed[i] = !TypedReads ? null
                : timestamps.Contains(i) ? ParquetTypedColumn.For(_columns[i].Type, timestamp: true)
                : numbers.Contains(i) ? ParquetTypedColumn.For(_columns[i].Type, timestamp: false)
                : null;
        }
    }

    public bool TryNumberText(int index, Span<char> destination, out int written)
    {
        written = 0;
        if (_typed[index] is not { IsTimestamp: false } typed)
        {
            return false;
        }
        var ordinal = _typedOrdinal[index];
        if (_reader!.IsDBNull(ordinal))
        {
            // Null, or NaN / infinity, whose text (DuckDB's) the indexer gives.
            return _reader.IsDBNull(ordinal + 1);
        }
        return typed.TryFormatNumber(_reader, ordinal, destination, out written);
    }

    public bool TryTimestamp(int index, out DateTime? value)
    {
        value = null;
        if (_typed[index] is not { IsTimestamp: true })
        {
            return false;
        }
        var ordinal = _typedOrdinal[index];
        if (_reader!.IsDBNull(ordinal))
        {
            return _reader.IsDBNull(ordinal + 1);
        }
        value = ParquetTypedColumn.ReadTimestamp(_reader, ordinal);
        return true;
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
    // to_json). A mapper may read a column it also keeps as an extra (CUR's line item type). Columns read typed come
    // last, each as its value and its fallback text (ParquetTypedColumn); their text column is NULL.
    private DuckDBDataReader Start()
    {
        var typed = Enumerable.Range(0, _columns.Length).Where(i => _typed[i] is not null).ToList();
        var inner = string.Join(", ", _columns.Select((c, i) => $"{AsText(c.Name, c.Type)} AS c{i}")
            .Concat(typed.Select(i => $"{_typed[i]!.ValueSql(Quote(_columns[i].Name))} AS t{i}, {_typed[i]!.FallbackSql(Quote(_columns[i].Name))} AS s{i}")));
        var sql = $"SELECT {inner} FROM read_parquet($path)";
        var extra = _extra is { Columns.Count: > 0 } chosen ? chosen : default((IReadOnlyList<int> Columns, IReadOnlyList<string> Keys, IReadOnlySet<int> Read)?);
        var columns = string.Join(", ", _columns.Select((_, i) =>
            _typed[i] is null && (extra is not { } e || e.Read.Contains(i)) ? $"c{i}" : $"NULL::VARCHAR AS c{i}"));
        var next = _columns.Length;
        if (extra is { } x)
        {
            _extraOrdinal = next++;
            var extras = ParquetExtrasObject.Sql(x.Columns, x.Keys, i => _columns[i].Type);
            // encode(): the object's UTF-8 bytes as a BLOB (a cast to BLOB would read backslash escapes), so the text
            // crosses into .NET without becoming a string (ExtraJsonUtf8).
            columns += $", encode({extras.Object})";
            if (extras.Trimmed is { } trimmed)
            {
                sql = $"SELECT *, {trimmed} FROM ({sql})";
            }
        }
        foreach (var i in typed)
        {
            _typedOrdinal[i] = next;
            next += 2;
            columns += $", t{i}, s{i}";
        }
        sql = $"SELECT {columns} FROM ({sql})";
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

    // A typed column's text for the indexer: its value as the text path wrote it, or DuckDB's fallback text.
    private string? TypedText(ParquetTypedColumn typed, int ordinal) =>
        !_reader!.IsDBNull(ordinal) ? typed.Text(_reader, ordinal)
        : _reader.IsDBNull(ordinal + 1) ? null : _reader.GetString(ordinal + 1);

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The column as text, by its DuckDB type (see the class comment).</summary>
    private static string AsText(string name, string type)
    {
        var column = Quote(name);
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
