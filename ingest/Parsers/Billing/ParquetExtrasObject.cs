using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The SQL that builds a Parquet row's <c>x_…</c> extras object in the reader's DuckDB (<see cref="ParquetRecordReader"/>):
/// the non-empty trimmed texts of the extra columns, in header order, under their keys, as
/// <see cref="BillingRowMapper"/>'s own copy has them; NULL when every one is empty. Columns are the reader's
/// <c>c&lt;index&gt;</c> texts.
/// </summary>
internal static class ParquetExtrasObject
{
    // What C#'s span Trim() removes from the ASCII range; the mappers trim every field this way.
    private const string WhiteSpace = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

    /// <summary>
    /// <paramref name="Trimmed"/>: the projection (<c>e&lt;index&gt;</c>) of the trimmed text columns, to select over the
    /// reader's texts (null when there is none); <paramref name="Object"/>: the object's expression over that projection.
    /// </summary>
    public readonly record struct Parts(string? Trimmed, string Object);

    /// <summary>The object of <paramref name="columns"/> under <paramref name="keys"/>; <paramref name="type"/> gives a column's DuckDB type.</summary>
    public static Parts Sql(IReadOnlyList<int> columns, IReadOnlyList<string> keys, Func<int, string> type)
    {
        // Only text can be blank or padded: a number's or timestamp's text is used as it is, with no trim and no
        // emptiness test (the per-value trim was the largest part of building the object, BENCHMARKS §34).
        var text = columns.Where(i => !NeverBlank(type(i))).ToHashSet();
        // Each present value is '"key":value'; concat_ws skips the absent (NULL) ones.
        var parts = columns.Select((i, k) =>
        {
            var key = "'" + JsonSerializer.Serialize(keys[k]).Replace("'", "''", StringComparison.Ordinal) + ":'";
            return text.Contains(i)
                ? $"CASE WHEN e{i} <> '' THEN {key} || CAST(to_json(e{i}) AS VARCHAR) END"
                : $"{key} || CAST(to_json(c{i}) AS VARCHAR)";
        });
        var trimmed = text.Count == 0 ? null
            : string.Join(", ", columns.Where(text.Contains).Select(i => $"trim(c{i}, {WhiteSpace}) AS e{i}"));
        return new(trimmed, $"NULLIF('{{' || concat_ws(',', {string.Join(", ", parts)}) || '}}', '{{}}')");
    }

    /// <summary>
    /// True for a type whose text (as the reader renders it) is never empty and never starts or ends with white space, so
    /// its extra needs neither the trim nor the emptiness test: numbers, booleans, dates and timestamps.
    /// </summary>
    private static bool NeverBlank(string type) =>
        type is "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" or "DATE"
        || type.StartsWith("DECIMAL(", StringComparison.Ordinal) || type.StartsWith("TIMESTAMP", StringComparison.Ordinal);
}
