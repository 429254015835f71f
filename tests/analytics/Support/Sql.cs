using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>Reads the store the way a test checks it: a fresh reader connection per question.</summary>
public static class Sql
{
    public static object? Scalar(InsightsDatabase database, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        return command.ExecuteScalar();
    }

    public static long Count(InsightsDatabase database, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(database, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public static List<object?[]> Rows(InsightsDatabase database, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public static long SamplesOf(InsightsDatabase database, string service) =>
        Count(database, "SELECT count(*) FROM metric_samples WHERE service = $s", ("s", service));

    public static long EventsOf(InsightsDatabase database, string service) =>
        Count(database, "SELECT count(*) FROM log_events WHERE service = $s", ("s", service));
}
