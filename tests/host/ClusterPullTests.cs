using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Insights.Host.Tests.Reliability;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The scheduled pulls in a cluster: both silos run the Prometheus query pull of the same configured query, against the
/// same checkpoint grain, and a PostgreSQL advisory lock per source makes one silo at a time pull it — so each window is
/// asked of the upstream once across the cluster; when the silo holding the lock is killed mid-pull, its session's lock
/// drops and the survivor pulls the window the dead one never finished.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterPullTests(PostgresServer postgres)
{
    private const string AdminToken = "pull-admin-token-0123456789abcdef";

    [Fact]
    public async Task Two_silos_pull_each_window_of_a_query_once_and_the_survivor_takes_over_the_window_a_killed_silo_held()
    {
        var connection = await postgres.NewDatabaseAsync("clusterpull");
        using var work = new TempDir("cluster-pull");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var asked = new ConcurrentQueue<(string Upstream, string Start)>();
        // Each answer takes a while, so a silo without the lock would start the same window while the other is still in it.
        await using var upstreamA = new RangeUpstream("a", asked, TimeSpan.FromMilliseconds(1_500));
        await using var upstreamB = new RangeUpstream("b", asked, TimeSpan.FromMilliseconds(1_500));
        Dictionary<string, string> Settings(RangeUpstream upstream) => new()
        {
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Cluster__ClusterId"] = "cluster-pull",
            ["Insights__Lake__Root"] = work.Sub("lake"),
            ["Insights__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Insights__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Insights__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Insights__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Insights__Server__Tokens__2__Name"] = "operator",
            ["Insights__Server__Tokens__2__Token"] = AdminToken,
            ["Insights__Server__Tokens__2__Scopes__0"] = "admin",
            // The same query in both silos; each silo asks its own upstream address, so the record shows who asked.
            ["Insights__Ingest__Prometheus__Url"] = upstream.Url,
            ["Insights__Ingest__Prometheus__Queries__0__Name"] = "pulled",
            ["Insights__Ingest__Prometheus__Queries__0__Expr"] = "pulled_up",
            ["Insights__Ingest__Prometheus__Step"] = "1s",
            ["Insights__Ingest__Prometheus__Interval"] = "00:00:01",
            ["Insights__Ingest__Prometheus__Lag"] = "00:00:00",
            ["Insights__Ingest__Prometheus__Backfill"] = "00:00:20",
            ["Insights__Ingest__Prometheus__MaxRetries"] = "0",
        };
        await using var a = new CrashServer(work.Path, work.Sub("data-a"), Settings(upstreamA), ["--cluster"]);
        await using var b = new CrashServer(work.Path, work.Sub("data-b"), Settings(upstreamB), ["--cluster"]);
        await a.StartAsync();
        await b.StartAsync();
        await UntilAsync(async () => await ActiveSilosAsync(a.BaseUrl) == 2, TimeSpan.FromSeconds(90), "two Active silos", asked, TimeSpan.FromMilliseconds(500));

        // Wait until a few windows were pulled and a pull has just started (its upstream was asked and answers only after
        // 1.5 s), then kill the silo that asked. Which silo holds the lock is up to PostgreSQL and the timing: a silo that
        // releases it and asks again at its next tick often wins again, so the test kills whichever silo is pulling.
        var seenBefore = asked.Count;
        await UntilAsync(() => Task.FromResult(asked.Count > seenBefore && asked.Count >= 4), TimeSpan.FromSeconds(90), "four pulled windows", asked);
        var pulling = asked.Last().Upstream;
        var (killed, survivor) = pulling == "a" ? (a, "b") : (b, "a");
        await killed.KillAsync();
        var beforeKill = asked.ToArray();
        var held = beforeKill.Last(e => e.Upstream == pulling).Start;

        // The survivor asks for the window the killed silo held (its checkpoint never moved), then goes on.
        await UntilAsync(() => Task.FromResult(asked.Skip(beforeKill.Length).Any(e => e.Upstream == survivor && e.Start == held)
            && asked.Skip(beforeKill.Length).Count(e => e.Upstream == survivor) >= 3), TimeSpan.FromSeconds(60),
            $"silo {survivor} pulling window {held} after the kill", asked);
        var all = asked.ToArray();

        // Each window once across the cluster, except the one the killed silo held: asked again by the survivor, once.
        var twice = all.GroupBy(e => e.Start).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0 || (twice.Count == 1 && twice[0] == held && all.Count(e => e.Start == held) == 2), Describe(all));
        Assert.DoesNotContain(all.Skip(beforeKill.Length), e => e.Upstream == pulling);
    }

    private static string Describe(IEnumerable<(string Upstream, string Start)> asked) =>
        "asked: " + string.Join(", ", asked.Select(e => $"{e.Upstream}@{e.Start}"));

    private static async Task<int> ActiveSilosAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await http.GetAsync("/api/v1/cluster");
        return (await ClusterView.ReadAsync(response)).Silos.Count(s => s.Status == "Active");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, IEnumerable<(string Upstream, string Start)> asked, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"{what}: not within {timeout.TotalSeconds:0} s; {Describe(asked)}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(10));
        }
    }
}
