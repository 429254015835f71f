using DuckDB.NET.Data;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>
/// DuckDB as an independent reader and writer of Parquet for the tests: it writes fixtures with <c>COPY … TO</c> and
/// computes expected values with <c>read_parquet</c>, sharing no code with the importer.
/// </summary>
internal static class DuckDbFiles
{
    public static void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<object?[]> Rows(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
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

    /// <summary>A SQL string literal (paths are test-made, but quotes are still escaped).</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string TempParquet() => Path.Combine(Path.GetTempPath(), $"insights-parquet-{Guid.NewGuid():N}.parquet");

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }
}
