using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Xunit.Abstractions;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// Issue 9's proof "killing one of two silos mid-ingest loses nothing that was acknowledged": two <c>insights serve
/// --cluster</c> processes on the real PostgreSQL 15 and one shared Parquet lake; one remote-write and one log-push
/// sender per silo stream into it; one silo is SIGKILLed at a seeded moment while they send, and its senders resend
/// whatever was not acknowledged to the survivor (as a load balancer in front of the silos would). The lake's files
/// then hold every sample and event exactly once, and the killed silo's service grains answer on the survivor.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReliabilityClusterSiloKillTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Services = 12;
    private const int SamplesPerSeriesPerBatch = 25;
    private const int Batches = 30;
    private const int EventsPerBatch = 200;
    private const string AdminToken = "kill-admin-token-0123456789abcdef";

    [Fact]
    public async Task Samples_and_events_acknowledged_by_two_silos_one_of_which_is_killed_are_in_the_lake_exactly_once_and_its_grains_move_to_the_survivor()
    {
        var seed = CrashTrials.BaseSeed;
        var random = new Random(seed);
        var connection = await postgres.NewDatabaseAsync("silokill");
        using var work = new TempDir("silo-kill");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var root = work.Sub("lake");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Cluster__ClusterId"] = "silo-kill",
            ["Insights__Lake__Root"] = root,
            ["Insights__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Insights__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Insights__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Insights__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Insights__Server__Tokens__2__Name"] = "operator",
            ["Insights__Server__Tokens__2__Token"] = AdminToken,
            ["Insights__Server__Tokens__2__Scopes__0"] = "admin",
        };
        await using var survivor = new CrashServer(work.Path, work.Sub("data-a"), environment, ["--cluster"]);
        await using var victim = new CrashServer(work.Path, work.Sub("data-b"), environment, ["--cluster"]);
        await survivor.StartAsync();
        await victim.StartAsync();
        await UntilAsync(async () => (await ClusterAsync(survivor.BaseUrl)).Silos.Count(s => s.Status == "Active") == 2, TimeSpan.FromSeconds(90), "two Active silos");

        var killed = 0;
        string Target(CrashServer home) => Volatile.Read(ref killed) == 1 ? survivor.BaseUrl : home.BaseUrl;
        var start = TimeProvider.System.GetUtcNow().AddHours(-3).ToUnixTimeMilliseconds();
        long acked = 0;
        var senders = new List<RetryingSender>();
        var streams = new List<Task>();
        foreach (var (home, k) in new[] { (survivor, 0), (victim, 1) })
        {
            var metrics = new RetryingSender(() => Target(home), CrashServer.IngestToken);
            var logs = new RetryingSender(() => Target(home), CrashServer.IngestToken);
            senders.AddRange([metrics, logs]);
            streams.Add(Task.Run(async () =>
            {
                for (var batch = 0; batch < Batches; batch++)
                {
                    var body = WriteRequestEncoder.Compressed(Enumerable.Range(0, Services).Select(s => RemoteSeries.Of(
                        "silokill_requests_total", [("service", $"kill-{s}"), ("instance", $"sender-{k}")],
                        [.. Enumerable.Range(0, SamplesPerSeriesPerBatch).Select(i => (start + ((batch * SamplesPerSeriesPerBatch) + i) * 1_000L, (double)i))])));
                    var status = await metrics.SendAsync("/api/v1/write", body, "application/x-protobuf", "snappy");
                    Assert.True(status == HttpStatusCode.NoContent, $"remote write batch {batch} of sender {k}: {(int)status}");
                    Interlocked.Increment(ref acked);
                }
            }));
            streams.Add(Task.Run(async () =>
            {
                for (var batch = 0; batch < Batches; batch++)
                {
                    var text = new StringBuilder();
                    for (var i = 0; i < EventsPerBatch; i++)
                    {
                        var n = (batch * EventsPerBatch) + i;
                        var at = DateTimeOffset.FromUnixTimeMilliseconds(start + (n * 100L)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                        text.Append(CultureInfo.InvariantCulture, $$"""{"@timestamp":"{{at}}","event":{"id":"silokill-{{k}}-{{n}}","action":"request","outcome":"success"},"service":{"name":"kill-{{n % Services}}"},"message":"event {{n}}"}""").Append('\n');
                    }
                    var status = await logs.SendAsync("/api/v1/logs", Encoding.UTF8.GetBytes(text.ToString()), "application/x-ndjson", null);
                    Assert.True(status == HttpStatusCode.OK, $"log batch {batch} of sender {k}: {(int)status}");
                    Interlocked.Increment(ref acked);
                }
            }));
        }
        var sending = Task.WhenAll(streams);

        // Kill while data flows into both silos: after a seeded number of acknowledged batches (of the 120), so the
        // moment depends on progress rather than on the machine's speed.
        var killAfter = 8 + random.Next(32);
        while (!sending.IsCompleted && Interlocked.Read(ref acked) < killAfter)
        {
            await Task.Delay(5);
        }
        Assert.False(sending.IsCompleted, "the senders finished before the kill; the trial proves nothing");
        var before = await ClusterAsync(survivor.BaseUrl);
        var victimAddress = before.Silos.Single(s => s.Address != before.Self).Address;
        var victimGrains = before.Silos.Single(s => s.Address == victimAddress).Grains.GetValueOrDefault("ServiceGrain");
        var ackedAtKill = Interlocked.Read(ref acked);
        Volatile.Write(ref killed, 1);
        await victim.KillAsync();
        await sending;

        // Every service answers through the survivor, and all the service grains live on it once the victim is dead.
        await UntilAsync(async () =>
        {
            foreach (var s in Enumerable.Range(0, Services))
            {
                using var http = Client(survivor.BaseUrl, TimeSpan.FromSeconds(10));
                try
                {
                    using var response = await http.GetAsync($"/api/v1/services/kill-{s}");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            }
            var view = await ClusterAsync(survivor.BaseUrl);
            return view.Silos.Any(s => s.Address == victimAddress && s.Status == "Dead")
                && view.Silos.Single(s => s.Address == view.Self).Grains.GetValueOrDefault("ServiceGrain") == Services;
        }, TimeSpan.FromSeconds(90), "every service's grain on the survivor");
        await survivor.DisposeAsync();

        var layout = new LakeLayout(root);
        var samples = ReliabilityCrashDuringLakeIngestTests.Raw(layout, LakeKind.Metrics, "count(DISTINCT (series_id, ts))", "metric = 'silokill_requests_total'");
        var events = ReliabilityCrashDuringLakeIngestTests.Raw(layout, LakeKind.Logs, "count(DISTINCT (event_id, ts))", "event_id LIKE 'silokill-%'");
        var resends = senders.Sum(s => s.Resends);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed={seed} acked at kill={ackedAtKill} of {4 * Batches} batches, victim held {victimGrains} of {Services} service grains, resends={resends}; " +
            $"lake samples rows={samples.Rows} distinct={samples.Distinct}, events rows={events.Rows} distinct={events.Distinct}"));
        Assert.True(victimGrains > 0, "random placement put no service grain on the killed silo; nothing had to move");
        Assert.Equal(2L * Services * SamplesPerSeriesPerBatch * Batches, samples.Distinct);
        Assert.Equal(samples.Distinct, samples.Rows);
        Assert.Equal(2L * EventsPerBatch * Batches, events.Distinct);
        Assert.Equal(events.Distinct, events.Rows);
    }

    private static HttpClient Client(string baseUrl, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    private static async Task<ClusterView> ClusterAsync(string baseUrl)
    {
        using var http = Client(baseUrl, TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync("/api/v1/cluster");
        return await ClusterView.ReadAsync(response);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"{what}: not within {timeout.TotalSeconds:0} s");
            await Task.Delay(500);
        }
    }
}
