using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Store;

// lake-write-bench OUT_DIR SERIES SAMPLES_PER_SERIES LOG_EVENTS REPS
//   Writes the same rows to Parquet by each lake write path, REPS times, interleaved; prints TSV:
//   kind, path, rep, rows, wall_ms, cpu_ms (process CPU, all threads), bytes, files.
//   metrics: duckdb_copy = the previous path (SampleChunkAppender into a staging table, one COPY per date);
//            arrow_zstd / arrow_snappy = SampleBatches from the records, ParquetSharp (the lake's ZSTD, and Snappy).
//   logs:    from the staging table the duplicate check leaves (common to both paths, not timed):
//            duckdb_copy = COPY per date; arrow_zstd / arrow_snappy = LakeBatches.Read + ParquetSharp.
if (args is not [var outDir, var seriesText, var perSeriesText, var logsText, var repsText])
{
    Console.Error.WriteLine("usage: lake-write-bench OUT_DIR SERIES SAMPLES_PER_SERIES LOG_EVENTS REPS");
    return 2;
}
var seriesCount = int.Parse(seriesText, CultureInfo.InvariantCulture);
var perSeries = int.Parse(perSeriesText, CultureInfo.InvariantCulture);
var logCount = int.Parse(logsText, CultureInfo.InvariantCulture);
var reps = int.Parse(repsText, CultureInfo.InvariantCulture);

// Samples: SERIES series of 40 services × 25 metrics, every 15 s from 2026-01-14 22:00 UTC (so a run crosses midnight:
// two date partitions), values a random walk at two decimals (gauge-like).
var random = new Random(7);
var start = new DateTimeOffset(2026, 1, 14, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
var series = Enumerable.Range(0, seriesCount).Select(s =>
{
    var value = random.Next(1000);
    var timestamps = new long[perSeries];
    var values = new double[perSeries];
    for (var i = 0; i < perSeries; i++)
    {
        timestamps[i] = start + (i * 15_000L);
        value += random.Next(-5, 6);
        values[i] = value / 100.0;
    }
    return (Service: $"service-{s % 40:D2}", Metric: $"http_server_metric_{s % 25:D2}", Id: (ulong)random.NextInt64(), timestamps, values);
}).ToList();
var sampleRows = (long)seriesCount * perSeries;

using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
Execute(connection, $$"""
    CREATE TABLE lake_logs AS
    SELECT 'evt-' || i AS event_id,
           TIMESTAMP '2026-01-14 18:00:00' + to_microseconds(i * 500000) AS ts,
           'service-' || lpad(CAST(i % 40 AS VARCHAR), 2, '0') AS service,
           'production' AS environment, '1.' || (i % 7) AS service_version,
           ['deploy', 'request', 'login', 'query'][1 + i % 4] AS action, CASE WHEN i % 13 = 0 THEN 'failure' ELSE 'success' END AS outcome,
           'web' AS category, CASE WHEN i % 13 = 0 THEN 'error' ELSE 'info' END AS level,
           'handled request ' || i || ' for tenant ' || (i % 97) AS message,
           NULL::TIMESTAMP AS event_start, NULL::TIMESTAMP AS event_end, CAST(i % 5000 AS BIGINT) * 1000 AS duration_ns,
           CAST('{"team":"team-' || (i % 6) || '"}' AS JSON) AS labels,
           CAST('{"@timestamp":"2026-01-14T18:00:00Z","event":{"id":"evt-' || i || '"},"message":"handled request ' || i || '"}' AS JSON) AS raw
    FROM range({{logCount}}) t(i)
    """);

Console.WriteLine("kind\tpath\trep\trows\twall_ms\tcpu_ms\tbytes\tfiles");
for (var rep = 1; rep <= reps; rep++)
{
    Measure("metrics", "duckdb_copy", rep, sampleRows, dir =>
    {
        Execute(connection, "CREATE OR REPLACE TEMP TABLE lake_samples (service VARCHAR, metric VARCHAR, series_id UBIGINT, ts TIMESTAMP, value DOUBLE)");
        using (var appender = new SampleChunkAppender(connection, "lake_samples"))
        {
            foreach (var s in series)
            {
                appender.Append(s.Service, s.Metric, s.Id, s.timestamps, s.values);
            }
            appender.Close();
        }
        CopyPerDate(connection, LakeKind.Metrics, "lake_samples", dir);
        Execute(connection, "DROP TABLE lake_samples");
    });
    foreach (var (name, compression) in new[] { ("arrow_zstd", ParquetSharp.Compression.Zstd), ("arrow_snappy", ParquetSharp.Compression.Snappy) })
    {
        Measure("metrics", name, rep, sampleRows, dir =>
        {
            using var batches = new SampleBatches();
            foreach (var s in series)
            {
                batches.Append(s.Service, s.Metric, s.Id, s.timestamps, s.values);
            }
            foreach (var (date, batch) in batches.Build())
            {
                using (batch)
                {
                    LakeParquet.Write(Path.Combine(dir, $"{date:yyyy-MM-dd}.parquet"), batch.Schema, [batch], compression);
                }
            }
        });
    }
    Measure("logs", "duckdb_copy", rep, logCount, dir => CopyPerDate(connection, LakeKind.Logs, "lake_logs", dir));
    foreach (var (name, compression) in new[] { ("arrow_zstd", ParquetSharp.Compression.Zstd), ("arrow_snappy", ParquetSharp.Compression.Snappy) })
    {
        Measure("logs", name, rep, logCount, dir =>
        {
            foreach (var (date, batch) in LakeBatches.Read(connection, LakeKind.Logs, "lake_logs"))
            {
                using (batch)
                {
                    LakeParquet.Write(Path.Combine(dir, $"{date:yyyy-MM-dd}.parquet"), batch.Schema, [batch], compression);
                }
            }
        });
    }
}
return 0;

void Measure(string kind, string path, int rep, long rows, Action<string> write)
{
    var dir = Path.Combine(outDir, $"{kind}-{path}-{rep}");
    Directory.CreateDirectory(dir);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    write(dir);
    clock.Stop();
    process.Refresh();
    var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
    var files = Directory.GetFiles(dir, "*.parquet");
    var bytes = files.Sum(f => new FileInfo(f).Length);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}\t{path}\t{rep}\t{rows}\t{clock.Elapsed.TotalMilliseconds:0.0}\t{cpuMs:0.0}\t{bytes}\t{files.Length}"));
    Directory.Delete(dir, recursive: true);
}

// The previous LakeWriter.Stage, verbatim in its SQL: the dates of the relation, then one COPY … (FORMAT parquet) per date.
static void CopyPerDate(DuckDBConnection connection, LakeKind kind, string relation, string dir)
{
    foreach (var date in Dates(connection, kind, relation))
    {
        var file = Path.Combine(dir, $"{date:yyyy-MM-dd}.parquet").Replace("'", "''", StringComparison.Ordinal);
        Execute(connection, $"COPY (SELECT * FROM {relation} WHERE CAST(\"{kind.DateColumn}\" AS DATE) = DATE '{date:yyyy-MM-dd}') TO '{file}' (FORMAT parquet)");
    }
}

static List<DateOnly> Dates(DuckDBConnection connection, LakeKind kind, string relation)
{
    var dates = new List<DateOnly>();
    using (var command = connection.CreateCommand())
    {
        command.CommandText = $"SELECT CAST(\"{kind.DateColumn}\" AS DATE), count(*) FROM {relation} GROUP BY 1 ORDER BY 1";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            dates.Add(DateOnly.FromDateTime(reader.GetDateTime(0)));
        }
    }
    return dates;
}

static void Execute(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
