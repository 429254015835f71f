using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Cost;

/// <summary>The pieces the cost queries share: their parameters and the fixed column a <see cref="CostBasis"/> reads.</summary>
internal static class CostSql
{
    /// <summary>A UTC time as DuckDB's TIMESTAMP (no zone); null binds SQL NULL (unbounded).</summary>
    public static DuckDBParameter Time(string name, DateTime? value) =>
        new(name, value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Unspecified) : DBNull.Value);

    public static DuckDBParameter Text(string name, string? value) => new(name, (object?)value ?? DBNull.Value);

    /// <summary>The FOCUS column of a basis: a constant of this class, never user text.</summary>
    public static string ColumnOf(CostBasis basis) => basis == CostBasis.Billed ? "BilledCost" : "EffectiveCost";

    public static DateTime Midnight(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static decimal Decimal(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0m : reader.GetDecimal(ordinal);

    /// <summary>A DATE column as a <see cref="DateOnly"/>, whichever CLR type the driver hands back.</summary>
    public static DateOnly Day(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        _ => DateOnly.FromDateTime(reader.GetDateTime(ordinal)),
    };

    public static double? Double(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
