using System.Globalization;
using Platform.Insights.Bench;

// insights-bench: the benchmark helper bench/run.sh drives.
//   generate KIND N PATH          write an N-line input file (metrics: OpenMetrics, logs: ECS NDJSON, billing: FOCUS 1.0 CSV,
//                                 billing-12m: the same over 12 billing months, cur-parquet: AWS CUR Parquet over 12 months)
//   duckdb-baseline KIND PATH     load the same file with DuckDB's own reader into a fresh database; prints seconds and rows
//   sql SQL                       run SQL on an in-memory DuckDB and print the rows (to inspect inputs)
//   gunzip PATH REPS              decompress a .gz file with GzipMemberStream and GZipStream, interleaved; MB/s and the ratio
//   report RAW.tsv MACHINE.md OUT.md   medians and ratios of a run as markdown
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

try
{
    return args switch
    {
        ["generate", "cur-parquet", var count, var path] => await GenerateParquet(ParseCount(count), path),
        ["generate", var kind, var count, var path] => Generate(kind, ParseCount(count), path),
        ["duckdb-baseline", var kind, var path] => await DuckDbBaseline.RunAsync(kind, path),
        ["report", var raw, var machine, var output] => Report.Write(raw, machine, output),
        ["sql", var sql] => await Sql.RunAsync(sql),
        ["gunzip", var path, var reps] => GunzipBench.Run(path, (int)ParseCount(reps)),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"insights-bench: {e.Message}");
    return 2;
}

static int Generate(string kind, long count, string path)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    long written;
    using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
    using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" })
    {
        written = kind switch
        {
            "metrics" => MetricsGenerator.Write(writer, count),
            "logs" => LogsGenerator.Write(writer, count),
            "billing" => BillingGenerator.Write(writer, count, BillingGenerator.SamplePath()),
            "billing-12m" => BillingGenerator.Write(writer, count, BillingGenerator.SamplePath(), months: 12),
            _ => throw new ArgumentException($"unknown kind '{kind}' (metrics, logs, billing, billing-12m, cur-parquet)"),
        };
    }
    Console.WriteLine($"generated kind={kind} rows={written} bytes={new FileInfo(path).Length} seconds={clock.Elapsed.TotalSeconds:0.00} path={path}");
    return 0;
}

static async Task<int> GenerateParquet(long count, string path)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    var written = await CurParquetGenerator.WriteAsync(count, path);
    Console.WriteLine($"generated kind=cur-parquet rows={written} bytes={new FileInfo(path).Length} seconds={clock.Elapsed.TotalSeconds:0.00} path={path}");
    return written == count ? 0 : 1;
}

static long ParseCount(string text) =>
    long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : throw new ArgumentException($"N must be a positive integer, not '{text}'");

static int Usage()
{
    Console.Error.WriteLine("usage: insights-bench generate metrics|logs|billing|billing-12m|cur-parquet N PATH");
    Console.Error.WriteLine("       insights-bench duckdb-baseline metrics|logs|billing|billing-12m|cur-parquet PATH");
    Console.Error.WriteLine("       insights-bench sql SQL");
    Console.Error.WriteLine("       insights-bench gunzip PATH.gz REPS");
    Console.Error.WriteLine("       insights-bench report RAW.tsv MACHINE.md OUT.md");
    return 2;
}
