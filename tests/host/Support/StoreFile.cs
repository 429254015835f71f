using System.Globalization;
using DuckDB.NET.Data;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// Direct access to a data directory's DuckDB file from the test process, to check what a finished
/// <c>insights</c> process stored (no process holds the directory then) without starting another one.
/// </summary>
public static class StoreFile
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "insights.duckdb");

    public static long Count(string dataDirectory, string sql) =>
        Convert.ToInt64(Scalar(dataDirectory, sql), CultureInfo.InvariantCulture);

    public static object? Scalar(string dataDirectory, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={PathIn(dataDirectory)};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static List<string> Strings(string dataDirectory, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={PathIn(dataDirectory)};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    public static void Execute(string dataDirectory, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={PathIn(dataDirectory)}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
