using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Cluster mode's data: the demo imported with <c>Insights:Mode = Cluster</c> lands in the Parquet lake, is compacted
/// under the real PostgreSQL's advisory locks, and the same KPI commands give byte-identical answers to embedded mode.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LakeModeTests(PostgresServer postgres)
{
    private static string From => SharedDemo.Options.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string To => SharedDemo.Options.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> LakeEnvironment(string root, string connection) => new()
    {
        ["Insights__Mode"] = "Cluster",
        ["Insights__Cluster__ConnectionString"] = connection,
        ["Insights__Lake__Root"] = root,
    };

    private static LakeCompactor Compactor(string root, string writer, IPartitionLock partitionLock, TimeProvider time)
    {
        var options = Options.Create(new LakeOptions { Root = root, WriterId = writer, CompactionMinFiles = 2 });
        var meters = new LakeMeters(Prometheus.Metrics.NewCustomRegistry());
        var lakeWriter = new LakeWriter(new LakeViews(new LakeLayout(root)), options, new LakeWriterName(writer), time, meters);
        return new LakeCompactor(lakeWriter, partitionLock, options, time, meters, NullLogger<LakeCompactor>.Instance);
    }

    [Fact]
    public async Task The_demo_gives_identical_uptime_cost_dora_and_idle_answers_embedded_and_over_the_compacted_lake()
    {
        var demo = await SharedDemo.GetAsync();
        using var work = new TempDir("lake");
        var embedded = work.Sub("embedded");
        demo.CopyDataTo(embedded);
        var data = work.Sub("data");
        var root = work.Sub("lake");
        // Every process configured for the cluster shares the import ledger in PostgreSQL, CLI imports too.
        var connection = await postgres.NewDatabaseAsync("lake");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var lake = LakeEnvironment(root, connection);

        var catalog = await InsightsExe.RunAsync(work.Path, ["catalog", "load", Path.Combine(demo.Input, "catalog"), "--data", data], lake);
        Assert.True(catalog.ExitCode == 0, catalog.ToString());
        foreach (var kind in new[] { "metrics", "logs", "billing" })
        {
            var import = await InsightsExe.RunAsync(work.Path, ["import", kind, Path.Combine(demo.Input, kind), "--data", data], lake, TimeSpan.FromMinutes(3));
            Assert.True(import.ExitCode == 0, import.ToString());
        }

        // Hive layout: kind=K/date=YYYY-MM-DD/<writer>-<seq>.parquet, nothing half-written left behind.
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
        Assert.All(files, f => Assert.Matches(@"^kind=(metrics|series|logs|billing)/date=\d{4}-\d{2}-\d{2}/[A-Za-z0-9_.]+-\d{17}\.parquet$", f));
        foreach (var day in Enumerable.Range(0, SharedDemo.Options.Days).Select(d => SharedDemo.Options.StartDate.AddDays(d)))
        {
            Assert.Contains(files, f => f.StartsWith($"kind=metrics/date={day:yyyy-MM-dd}/", StringComparison.Ordinal));
        }
        Assert.Contains(files, f => f.StartsWith("kind=billing/", StringComparison.Ordinal));

        // Compaction under PostgreSQL advisory locks, as the silos run it (the cluster's database created above).
        var compactions = await Compactor(root, "compactor", new PostgresPartitionLock(connection), TimeProvider.System).CompactAllAsync(CancellationToken.None);
        Assert.Contains(compactions, c => c.Outcome == "compacted" && c.Partition.StartsWith("metrics/", StringComparison.Ordinal));

        // This data directory's own tables hold no samples or logs, and its billing rows are removed: the KPIs below can
        // only come from the lake.
        using (var own = new DuckDBConnection($"Data Source={Path.Combine(data, "insights.duckdb")}"))
        {
            own.Open();
            using var command = own.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM metric_samples) + (SELECT count(*) FROM log_events); DELETE FROM focus_line_items;";
            Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        string[][] queries =
        [
            ["kpi", "--scope", "service", "--from", From, "--to", To],
            ["kpi", "--scope", "team", "--from", From, "--to", To],
            ["dora", "--scope", "team", "--from", From, "--to", To],
            ["cost", "--by", "team"],
            ["cost", "--by", "service"],
            // Idle detection reads metric_points, metric_series and billing: over the lake it must find the same resources.
            ["idle", "--all", "--recompute"],
            ["query", "SELECT count(*) AS n, sum(CAST(value AS DECIMAL(38, 6))) AS total FROM metric_samples"],
        ];
        foreach (var query in queries)
        {
            var expected = await InsightsExe.RunAsync(work.Path, [.. query, "--format", "json", "--data", embedded]);
            var actual = await InsightsExe.RunAsync(work.Path, [.. query, "--format", "json", "--data", data], lake);
            Assert.True(expected.ExitCode == 0 && actual.ExitCode == 0, $"{expected}\n{actual}");
            Assert.True(expected.Stdout.Length > 20, expected.ToString());
            Assert.Equal(expected.Stdout, actual.Stdout);
        }
    }

    [Fact]
    public async Task Cluster_mode_without_a_lake_root_fails_at_start_naming_the_key()
    {
        using var work = new TempDir("lake-missing");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Mode"] = "Cluster", ["Insights__Cluster__ConnectionString"] = await postgres.NewDatabaseAsync("lakemissing"),
        };

        var import = await InsightsExe.RunAsync(work.Path, ["query", "SELECT 1", "--data", work.Sub("data")], environment);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("Insights:Lake:Root", import.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compactors_of_two_silos_racing_on_one_partition_compact_it_once_under_postgresql_advisory_locks()
    {
        using var work = new TempDir("lake-race");
        var root = work.Sub("lake");
        var partition = Path.Combine(root, "kind=metrics", "date=2024-09-01");
        Directory.CreateDirectory(partition);
        using (var duck = new DuckDBConnection("Data Source=:memory:"))
        {
            duck.Open();
            for (var file = 0; file < 6; file++)
            {
                using var command = duck.CreateCommand();
                command.CommandText = $"COPY (SELECT 'api' AS service, 'up' AS metric, CAST(range % 3 AS UBIGINT) AS series_id, TIMESTAMP '2024-09-01' + INTERVAL (range) SECOND AS ts, CAST(range AS DOUBLE) AS value FROM range({file * 100}, {file * 100 + 100})) TO '{Path.Combine(partition, $"w-{file:D17}.parquet")}' (FORMAT parquet)";
                command.ExecuteNonQuery();
            }
        }
        var connection = await postgres.NewDatabaseAsync("lakerace");
        var silos = Enumerable.Range(0, 4).Select(i => Compactor(root, $"silo{i}", new PostgresPartitionLock(connection), TimeProvider.System)).ToList();

        var results = await Task.WhenAll(silos.Select(s => Task.Run(() => s.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == "compacted");
        var live = Assert.Single(PartitionListing.Read(partition).Live);
        using var check = new DuckDBConnection("Data Source=:memory:");
        check.Open();
        using var sum = check.CreateCommand();
        sum.CommandText = $"SELECT count(*) || ' ' || sum(value) FROM read_parquet('{live}')";
        Assert.Equal("600 179700.0", Convert.ToString(sum.ExecuteScalar(), CultureInfo.InvariantCulture));
    }
}
