using System.Globalization;
using DuckDB.NET.Data;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// A Parquet column that a mapper reads as an amount or a timestamp, selected in its own type instead of as text
/// (<see cref="ITypedColumnsSource"/>): no DuckDB string, no .NET string and no re-parse of a timestamp per row. What
/// the mapper gets is what the text path gave it: an amount's text is the shortest round-trip form DuckDB's cast
/// writes, a timestamp is the same UTC instant to the microsecond. Values the typed form cannot carry (NaN and
/// infinities, doubles beyond decimal's range, timestamps outside .NET's years 1–9999) come as DuckDB's own text in a fallback column, so their
/// errors read as before. Other types (text, <c>UBIGINT</c>, wide decimals, dates) stay on the text path.
/// </summary>
internal sealed class ParquetTypedColumn
{
    private const string InRange = "BETWEEN TIMESTAMP '0001-01-01 00:00:00' AND TIMESTAMP '9999-12-31 23:59:59.999999'";

    // A double the decimal parser can take (decimal's range ends at ~7.92e28); beyond it DuckDB's text makes the error.
    private const string Representable = "isfinite({0}) AND abs({0}) < 7.9e28";

    private readonly Kind _kind;

    private ParquetTypedColumn(Kind kind) => _kind = kind;

    private enum Kind
    {
        Double,
        Decimal,
        Integer,
        Timestamp,
    }

    /// <summary>The typed reading of a column of DuckDB type <paramref name="type"/>, or null to keep it as text.</summary>
    public static ParquetTypedColumn? For(string type, bool timestamp)
    {
        if (timestamp)
        {
            return type.StartsWith("TIMESTAMP", StringComparison.Ordinal) ? new(Kind.Timestamp) : null;
        }
        return type switch
        {
            "DOUBLE" => new(Kind.Double),
            // Not FLOAT: DuckDB writes a float sometimes in its shortest form and sometimes as the double it widens to
            // (-6941.8555 but 2325.34375), which the property test caught; floats stay on the text path.
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" => new(Kind.Integer),
            // Up to 18 digits DuckDB keeps a decimal in 64 bits, which .NET's decimal holds exactly.
            _ when type.StartsWith("DECIMAL(", StringComparison.Ordinal)
                && int.TryParse(type.AsSpan(8, type.IndexOf(',', StringComparison.Ordinal) - 8), CultureInfo.InvariantCulture, out var width)
                && width <= 18 => new(Kind.Decimal),
            _ => null,
        };
    }

    /// <summary>The SQL of the typed value (null where the fallback holds the value).</summary>
    public string ValueSql(string column) => _kind switch
    {
        Kind.Double => $"CASE WHEN {string.Format(CultureInfo.InvariantCulture, Representable, column)} THEN {column} END",
        Kind.Integer => $"CAST({column} AS BIGINT)",
        Kind.Timestamp => $"CASE WHEN CAST({column} AS TIMESTAMP) {InRange} THEN epoch_us(CAST({column} AS TIMESTAMP)) END",
        _ => column,
    };

    /// <summary>The SQL of DuckDB's text of a value the typed form cannot carry, else null (as the text path writes it).</summary>
    public string FallbackSql(string column) => _kind switch
    {
        Kind.Double => $"CASE WHEN NOT ({string.Format(CultureInfo.InvariantCulture, Representable, column)}) THEN CAST({column} AS VARCHAR) END",
        Kind.Timestamp => $"CASE WHEN NOT (CAST({column} AS TIMESTAMP) {InRange}) THEN strftime(CAST({column} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%fZ') END",
        _ => "NULL::VARCHAR",
    };

    public bool IsTimestamp => _kind == Kind.Timestamp;

    /// <summary>
    /// Writes the amount at <paramref name="ordinal"/> (not null) as the text DuckDB's cast to VARCHAR gives: the shortest
    /// round-trip digits of a double (<c>1.0</c>, <c>1e-05</c>), a decimal with its scale, an integer.
    /// </summary>
    public bool TryFormatNumber(DuckDBDataReader reader, int ordinal, Span<char> destination, out int written)
    {
        switch (_kind)
        {
            case Kind.Double:
                return DuckDbStyle(reader.GetDouble(ordinal).TryFormat(destination, out written, "R", CultureInfo.InvariantCulture), destination, ref written);
            case Kind.Decimal:
                return reader.GetDecimal(ordinal).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            case Kind.Integer:
                return reader.GetInt64(ordinal).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            default:
                written = 0;
                return false;
        }
    }

    /// <summary>The timestamp at <paramref name="ordinal"/> (not null), as UTC.</summary>
    public static DateTime ReadTimestamp(DuckDBDataReader reader, int ordinal) =>
        new(DateTime.UnixEpoch.Ticks + (reader.GetInt64(ordinal) * TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);

    /// <summary>The value at <paramref name="ordinal"/> (not null) as the text path would have read it.</summary>
    public string Text(DuckDBDataReader reader, int ordinal)
    {
        if (_kind == Kind.Timestamp)
        {
            return ReadTimestamp(reader, ordinal).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }
        Span<char> buffer = stackalloc char[64];
        return TryFormatNumber(reader, ordinal, buffer, out var written) ? buffer[..written].ToString() : "";
    }

    // .NET writes 1E-05 and 1 where DuckDB writes 1e-05 and 1.0; the digits are the same (both shortest round-trip).
    private static bool DuckDbStyle(bool formatted, Span<char> destination, ref int written)
    {
        if (!formatted)
        {
            return false;
        }
        var text = destination[..written];
        var exponent = text.IndexOf('E');
        if (exponent >= 0)
        {
            text[exponent] = 'e';
            return true;
        }
        if (text.Contains('.') || written + 2 > destination.Length)
        {
            return true;
        }
        destination[written++] = '.';
        destination[written++] = '0';
        return true;
    }
}
