using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Host.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// SIGKILL of a cluster-mode silo (<c>insights serve --cluster</c> on the real PostgreSQL, writing to a Parquet lake) while
/// remote write and log push stream into it, then a restart on the same data directory and ports while the senders
/// resend whatever was not acknowledged — the single-process crash harness of <see cref="ReliabilityCrashDuringIngestTests"/>,
/// pointed at the lake. The lake's own files (not only its de-duplicating views) then hold every acknowledged sample and
/// event exactly once, and what the kills left half-written (hidden temporary files) is never read and is deleted by
/// the next compaction pass once it is older than <c>Insights:Lake:StaleTemporaryAge</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReliabilityCrashDuringLakeIngestTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Samples_and_events_acknowledged_around_a_silo_kill_are_in_the_lake_files_exactly_once()
    {
        var trials = CrashTrials.Count(ciDefault: 1);
        var failures = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var line = await RunTrialAsync(CrashTrials.BaseSeed + trial);
            output.WriteLine(line);
            CrashTrials.Record(line);
            if (line.Contains("LOST", StringComparison.Ordinal) || line.Contains("DUPLICATED", StringComparison.Ordinal))
            {
                failures.Add(line);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<string> RunTrialAsync(int seed)
    {
        var connection = await postgres.NewDatabaseAsync("crashlake");
        using var work = new TempDir("crash-lake");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var root = work.Sub("lake");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Cluster__ClusterId"] = "crash-lake",
            ["Insights__Lake__Root"] = root,
            ["Insights__Cluster__AdvertisedAddress"] = "127.0.0.1",
            // The restarted silo comes back on the same silo endpoint with a newer generation, which retires the killed one.
            ["Insights__Cluster__SiloPort"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Insights__Cluster__GatewayPort"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Insights__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Insights__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Insights__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        };
        string line;
        await using (var server = new CrashServer(work.Path, work.Sub("data"), environment, ["--cluster"]))
        {
            line = await ReliabilityCrashDuringIngestTests.StreamThroughKillsAsync(seed, server, "lake ingest");
        }

        var layout = new LakeLayout(root);
        var samples = Raw(layout, LakeKind.Metrics, "count(DISTINCT (series_id, ts))", "metric = 'crash_requests_total'");
        var events = Raw(layout, LakeKind.Logs, "count(DISTINCT (event_id, ts))", "event_id LIKE 'crash-%'");
        var leftovers = Temporary(layout);
        // A compaction pass two hours on (past the default stale age) removes them without changing any total.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(2));
        var options = Options.Create(new LakeOptions { Root = root, WriterId = "checker" });
        var meters = new LakeMeters(Prometheus.Metrics.NewCustomRegistry());
        var compactor = new LakeCompactor(new LakeWriter(new LakeViews(layout), options, new LakeWriterName("checker"), time, meters),
            new PostgresPartitionLock(connection), options, time, meters, NullLogger<LakeCompactor>.Instance);
        var compactions = await compactor.CompactAllAsync(CancellationToken.None);
        Assert.Equal(leftovers, compactions.Sum(c => c.StaleTemporaryDeleted));
        Assert.Equal(0, Temporary(layout));
        Assert.Equal(samples, Raw(layout, LakeKind.Metrics, "count(DISTINCT (series_id, ts))", "metric = 'crash_requests_total'"));

        return string.Create(CultureInfo.InvariantCulture,
            $"{line}; lake files: samples rows={samples.Rows} distinct={samples.Distinct} {Verdict(samples, SamplesSent)}, events rows={events.Rows} distinct={events.Distinct} {Verdict(events, EventsSent)}, " +
            $"temporary files left by kills={leftovers} (deleted by compaction)");
    }

    /// <summary>Every batch is acknowledged in the end, so the files must hold all that was sent, each row once.</summary>
    private static string Verdict((long Rows, long Distinct) counts, long sent) =>
        counts.Distinct < sent ? $"LOST {sent - counts.Distinct}" : counts.Rows != counts.Distinct ? $"DUPLICATED {counts.Rows - counts.Distinct}" : "ok";

    private const long SamplesSent = (long)ReliabilityCrashDuringIngestTests.Series * ReliabilityCrashDuringIngestTests.SamplesPerSeriesPerBatch * ReliabilityCrashDuringIngestTests.MetricBatches;

    private const long EventsSent = (long)ReliabilityCrashDuringIngestTests.EventsPerBatch * ReliabilityCrashDuringIngestTests.LogBatches;

    /// <summary>Rows in the kind's live files themselves, and how many of them are distinct: duplicates the views would hide show here.</summary>
    internal static (long Rows, long Distinct) Raw(LakeLayout layout, LakeKind kind, string distinct, string where)
    {
        var files = layout.LiveFiles(kind);
        if (files.Count == 0)
        {
            return (0, 0);
        }
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT count(*), {distinct} FROM read_parquet([{string.Join(", ", files.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"))}]) WHERE {where}";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static int Temporary(LakeLayout layout) =>
        Directory.Exists(layout.Root) ? Directory.GetFiles(layout.Root, "*" + LakeLayout.TemporaryExtension, SearchOption.AllDirectories).Length : 0;
}
