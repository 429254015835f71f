using System.Globalization;
using DuckDB.NET.Data;

namespace Platform.Insights.Bench;

/// <summary><c>insights-bench sql "SQL"</c>: runs SQL on an in-memory DuckDB (the product's version) and prints the rows
/// tab-separated with a header; for looking at benchmark inputs (the CUR Parquet schema, date ranges) without a DuckDB CLI.</summary>
internal static class Sql
{
    public static async Task<int> RunAsync(string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
        while (await reader.ReadAsync())
        {
            Console.WriteLine(string.Join('\t', Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
        return 0;
    }
}
