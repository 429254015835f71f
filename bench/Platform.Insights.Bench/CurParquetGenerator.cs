using System.Globalization;
using DuckDB.NET.Data;

namespace Platform.Insights.Bench;

/// <summary>
/// AWS legacy CUR Parquet (Athena snake_case columns): the three monthly files of the AWS Well-Architected
/// "WorkshopCUR" sample (<c>/work/shared/data/billing/aws_cur_workshop_parquet/*.parquet</c>, or
/// <c>BENCH_CUR_PARQUET_DIR</c>; 334,911 rows, Oct–Dec 2018, 120–126 columns merged by name) repeated until N rows,
/// written by DuckDB as one Snappy Parquet file (row groups of DuckDB's default size; row order within the file is DuckDB's). Copy k (0, 1, …):
/// <list type="bullet">
/// <item>moves <c>line_item_usage_start_date</c>/<c>_end_date</c> and <c>bill_billing_period_start_date</c>/<c>_end_date</c>
/// 3·(k mod 4) calendar months later, so the file spans 12 billing months (Oct 2018 – Sep 2019) and every row's usage
/// stays inside its billing period (DuckDB clamps a day past a shorter month's end to its last day; a usage period
/// that clamping would make empty keeps its original length);</item>
/// <item>from k = 1 on, appends <c>/bench-k</c> to a non-empty <c>line_item_resource_id</c> and <c>-k</c> to
/// <c>identity_line_item_id</c>, so rows are distinct.</item>
/// </list>
/// Every other column is copied as it is.
/// </summary>
internal static class CurParquetGenerator
{
    public const string DefaultDirectory = "/work/shared/data/billing/aws_cur_workshop_parquet";

    public static string Glob() =>
        Path.Combine(Environment.GetEnvironmentVariable("BENCH_CUR_PARQUET_DIR") is { Length: > 0 } dir ? dir : DefaultDirectory, "*.parquet");

    public static async Task<long> WriteAsync(long count, string path)
    {
        var source = $"read_parquet('{Glob().Replace("'", "''", StringComparison.Ordinal)}', union_by_name=true)";
        var target = Path.GetFullPath(path).Replace("'", "''", StringComparison.Ordinal);
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        // The merged sample is read once into memory, numbered (r) so the first N rows of the copies are exactly
        // copies 0 … ⌊N / rows⌋ − 1 and a prefix of the next, without sorting the output.
        await Execute(connection, $"CREATE TABLE sample AS SELECT row_number() OVER () - 1 AS r, * FROM {source}");
        var sampleRows = Convert.ToInt64(await Scalar(connection, "SELECT count(*) FROM sample"), CultureInfo.InvariantCulture);
        var copies = (count + sampleRows - 1) / sampleRows;
        const string Shift = "INTERVAL (3 * (k % 4)) MONTH";
        var sql = $"""
            COPY (
              SELECT * EXCLUDE (k, r) REPLACE (
                CASE WHEN k = 0 OR coalesce(line_item_resource_id, '') = '' THEN line_item_resource_id
                     ELSE line_item_resource_id || '/bench-' || k END AS line_item_resource_id,
                CASE WHEN k = 0 THEN identity_line_item_id ELSE identity_line_item_id || '-' || k END AS identity_line_item_id,
                line_item_usage_start_date + {Shift} AS line_item_usage_start_date,
                CASE WHEN line_item_usage_end_date + {Shift} > line_item_usage_start_date + {Shift}
                     THEN line_item_usage_end_date + {Shift}
                     ELSE line_item_usage_start_date + {Shift} + (line_item_usage_end_date - line_item_usage_start_date) END AS line_item_usage_end_date,
                bill_billing_period_start_date + {Shift} AS bill_billing_period_start_date,
                bill_billing_period_end_date + {Shift} AS bill_billing_period_end_date)
              FROM (SELECT range AS k FROM range({copies})) copies CROSS JOIN sample
              WHERE k * {sampleRows} + r < {count}
            ) TO '{target}' (FORMAT parquet, COMPRESSION snappy)
            """;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        return Convert.ToInt64(await Scalar(connection, $"SELECT count(*) FROM read_parquet('{target}')"), CultureInfo.InvariantCulture);
    }

    private static async Task Execute(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
