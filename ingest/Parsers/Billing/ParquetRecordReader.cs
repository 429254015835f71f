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
/// </summary>
internal sealed class ParquetRecordReader : IRecordReader, IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly DuckDBConnection _connection;
    private readonly DuckDBCommand _command;
    private readonly DuckDBDataReader _reader;
    private readonly string?[] _row;
    private readonly bool[] _loaded;
    private long _rowNumber;

    private ParquetRecordReader(DuckDBConnection connection, DuckDBCommand command, DuckDBDataReader reader, string[] header, long rows)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
        Header = header;
        Rows = rows;
        _row = new string?[header.Length];
        _loaded = new bool[header.Length];
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
                _row[index] = _reader.IsDBNull(index) ? null : _reader.GetString(index);
                _loaded[index] = true;
            }
            return _row[index];
        }
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
        DuckDBCommand? command = null;
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
            command = connection.CreateCommand();
            command.CommandText = "SELECT " + string.Join(", ", columns.Select(c => AsText(c.Name, c.Type))) + " FROM read_parquet($path)";
            command.Parameters.Add(new DuckDBParameter("path", path));
            command.UseStreamingMode = true;
            var reader = (DuckDBDataReader)command.ExecuteReader();
            return new ParquetRecordReader(connection, command, reader, [.. columns.Select(c => c.Name)], rows);
        }
        catch (DuckDBException ex)
        {
            command?.Dispose();
            connection.Dispose();
            throw new InputFormatException(fileName, null, $"not a readable Parquet file: {ex.Message}");
        }
    }

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }
        _rowNumber++;
        Array.Clear(_loaded);
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
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
