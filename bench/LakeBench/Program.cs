using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

// lake-bench query EMBEDDED_DATA LAKE_DATA LAKE_ROOT FROM TO REPS
//   Times the KPI queries (uptime per service, DORA per team, cost by team) in process over the embedded store file and
//   over the lake (same data), interleaved, REPS times each; prints TSV: mode, query, rep, ms, rows.
// lake-bench compact LAKE_ROOT
//   One compaction pass over every partition (in-process lock: the benchmark is the only compactor).
if (args is ["compact", var root])
{
    var options = Options.Create(new LakeOptions { Root = root, WriterId = "bench", CompactionMinFiles = 2 });
    var meters = new LakeMeters(Prometheus.Metrics.NewCustomRegistry());
    var writer = new LakeWriter(new LakeViews(new LakeLayout(root)), options, new LakeWriterName("bench"), TimeProvider.System, meters);
    var compactor = new LakeCompactor(writer, new SoleCompactor(), options, TimeProvider.System, meters, NullLogger<LakeCompactor>.Instance);
    var clock = Stopwatch.StartNew();
    var results = await compactor.CompactAllAsync(CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"compacted {results.Count(r => r.Outcome == "compacted")} partitions ({results.Sum(r => r.FilesMerged)} files, {results.Sum(r => r.Rows)} rows) in {clock.Elapsed.TotalSeconds:0.00} s"));
    return 0;
}
if (args is not ["query", var embedded, var lakeData, var lakeRoot, var fromText, var toText, var repsText])
{
    Console.Error.WriteLine("usage: lake-bench query EMBEDDED_DATA LAKE_DATA LAKE_ROOT FROM TO REPS | lake-bench compact LAKE_ROOT");
    return 2;
}
var from = DateTime.SpecifyKind(DateTime.Parse(fromText, CultureInfo.InvariantCulture), DateTimeKind.Utc);
var to = DateTime.SpecifyKind(DateTime.Parse(toText, CultureInfo.InvariantCulture), DateTimeKind.Utc);
var reps = int.Parse(repsText, CultureInfo.InvariantCulture);
await using var embeddedStore = Build(embedded, null);
await using var lakeStore = Build(lakeData, lakeRoot);
var queries = new (string Name, Func<IServiceProvider, Task<int>> Run)[]
{
    ("uptime_service", async sp => (await sp.GetRequiredService<UptimeKpiQuery>().ComputeAsync(UptimeScope.Service, null, "7d", from, to, null, CancellationToken.None)).Rows.Count),
    ("dora_team", async sp => (await sp.GetRequiredService<DoraQuery>().ComputeAsync(UptimeScope.Team, null, "7d", from, to, null, null, CancellationToken.None)).Rows.Count),
    ("cost_team", async sp => (await sp.GetRequiredService<CostQuery>().ByAsync(CostDimension.Team, null, null, null, CancellationToken.None)).Count),
};
// One warm-up of each (DuckDB's first query loads extensions and the schema).
foreach (var (_, run) in queries)
{
    await run(embeddedStore);
    await run(lakeStore);
}
Console.WriteLine("mode\tquery\trep\tms\trows");
for (var rep = 1; rep <= reps; rep++)
{
    foreach (var (name, run) in queries)
    {
        foreach (var (mode, sp) in new[] { ("duckdb_file", embeddedStore), ("parquet_lake", lakeStore) })
        {
            var clock = Stopwatch.StartNew();
            var rows = await run(sp);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}\t{name}\t{rep}\t{clock.Elapsed.TotalMilliseconds:0.0}\t{rows}"));
        }
    }
}
return 0;

static ServiceProvider Build(string data, string? lakeRoot)
{
    var settings = new Dictionary<string, string?> { ["Insights:Data"] = data };
    if (lakeRoot is not null)
    {
        settings["Insights:Mode"] = "Cluster";
        settings["Insights:Lake:Root"] = lakeRoot;
    }
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    var services = new ServiceCollection();
    services.AddSingleton(TimeProvider.System);
    services.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
    services.AddLogging();
    services.AddAnalytics(configuration);
    var provider = services.BuildServiceProvider();
    _ = provider.GetRequiredService<InsightsDatabase>();
    return provider;
}

/// <summary>The benchmark is the only compactor: every partition lock is granted.</summary>
internal sealed class SoleCompactor : IPartitionLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string partition, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(new Released());

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
