using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>The parameters and cell readers the uptime queries share.</summary>
internal static class UptimeSql
{
    public static DuckDBParameter Time(string name, DateTime value) => new(name, DateTime.SpecifyKind(value, DateTimeKind.Unspecified));

    public static DuckDBParameter Text(string name, string? value) => new(name, (object?)value ?? DBNull.Value);

    public static DuckDBParameter Json(string name, object value) => new(name, JsonSerializer.Serialize(value));

    /// <summary>A timestamp as an ISO text DuckDB casts back exactly (microseconds).</summary>
    public static string Iso(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);

    public static double? Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static string? String(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime Utc(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
