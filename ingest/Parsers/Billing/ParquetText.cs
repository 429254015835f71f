using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The DuckDB SQL that turns a Parquet column into the text the CSV mappers read, and the mappers' own text rules in SQL
/// (trimmed, empty is absent, the <c>x_…</c> extras object). One definition for the two ways a Parquet billing file is
/// read: row by row through <see cref="ParquetRecordReader"/>, or mapped whole by DuckDB (<see cref="AwsCurParquetSelect"/>).
/// </summary>
internal static class ParquetText
{
    // What .NET's Trim() removes (char.IsWhiteSpace): the mappers trim every field this way.
    private const string WhiteSpace =
        "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(133) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194)"
        + " || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233)"
        + " || chr(8239) || chr(8287) || chr(12288)";

    /// <summary>A column name as a quoted SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A text as a SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The column as text, by its DuckDB type: numbers in DuckDB's shortest round-trip form, timestamps as
    /// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (a timestamp without zone is UTC, as FOCUS defines it), maps, structs and
    /// lists as JSON (an empty map as null).
    /// </summary>
    public static string AsText(string name, string type)
    {
        var column = Identifier(name);
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

    /// <summary>A text expression trimmed as the mappers trim a field.</summary>
    public static string Trimmed(string text) => $"trim({text}, {WhiteSpace})";

    /// <summary>
    /// One JSON object of the non-empty values of <paramref name="trimmedValues"/> (SQL expressions of trimmed text) under
    /// <paramref name="keys"/>, in the given order, or NULL when every one is empty: the rows' extras and tags objects.
    /// </summary>
    public static string JsonObject(IReadOnlyList<string> keys, IReadOnlyList<string> trimmedValues)
    {
        if (keys.Count == 0)
        {
            return "NULL::VARCHAR";
        }
        var parts = keys.Select((key, k) =>
            $"CASE WHEN {trimmedValues[k]} <> '' THEN {Literal(JsonSerializer.Serialize(key) + ":")} || CAST(to_json({trimmedValues[k]}) AS VARCHAR) END");
        return $"NULLIF('{{' || concat_ws(',', {string.Join(", ", parts)}) || '}}', '{{}}')";
    }
}
