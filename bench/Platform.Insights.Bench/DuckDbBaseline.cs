using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Platform.Insights.Bench;

/// <summary>
/// The baseline: DuckDB (the same DuckDB.NET.Data.Full version the product uses, via Directory.Packages.props)
/// loads the same file with its own reader into a table of a fresh database file, with default settings
/// (all cores). Only the CREATE TABLE … AS SELECT is timed; the row count is checked after it.
/// </summary>
internal static class DuckDbBaseline
{
    public static string Sql(string kind, string path)
    {
        var file = path.Replace("'", "''", StringComparison.Ordinal);
        return kind switch
        {
            // A raw text load: the series text (name and labels) as one column, then value and timestamp.
            // It splits on spaces but does not parse labels, so it is a lower bound for an OpenMetrics import.
            "metrics" => $"CREATE TABLE t AS SELECT * FROM read_csv('{file}', delim=' ', header=false, quote='', escape='', comment='#', auto_detect=false, columns={{'series': 'VARCHAR', 'value': 'DOUBLE', 'ts': 'BIGINT'}})",
            "logs" => $"CREATE TABLE t AS SELECT * FROM read_json('{file}', format='newline_delimited')",
            "billing" or "billing-12m" => $"CREATE TABLE t AS SELECT * FROM read_csv('{file}', nullstr='NULL')",
            "cur-parquet" => $"CREATE TABLE t AS SELECT * FROM read_parquet('{file}', union_by_name=true)",
            _ => throw new ArgumentException($"unknown kind '{kind}' (metrics, logs, billing, billing-12m, cur-parquet)"),
        };
    }

    public static async Task<int> RunAsync(string kind, string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"no such file: {path}");
        }
        var sql = Sql(kind, Path.GetFullPath(path));
        var directory = Directory.CreateTempSubdirectory("insights-bench-duckdb-");
        try
        {
            await using var connection = new DuckDBConnection($"Data Source={Path.Combine(directory.FullName, "baseline.duckdb")}");
            await connection.OpenAsync();
            var version = await ScalarAsync(connection, "SELECT version()");
            var threads = await ScalarAsync(connection, "SELECT current_setting('threads')");
            var clock = Stopwatch.StartNew();
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = sql;
                await create.ExecuteNonQueryAsync();
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var rows = Convert.ToInt64(await ScalarAsync(connection, "SELECT count(*) FROM t"), CultureInfo.InvariantCulture);
            Console.WriteLine($"duckdb-baseline kind={kind} rows={rows} seconds={seconds:0.000} version={version} threads={threads}");
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> ScalarAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }
}
