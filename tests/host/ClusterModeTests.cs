using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Two <c>insights serve --cluster</c> processes on the machine's real PostgreSQL 15: they join one Orleans cluster,
/// grains spread over both, and after one is SIGKILLed its grains come back on the survivor with their state.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterModeTests(PostgresServer postgres)
{
    private const int Services = 24;
    private const string ClusterId = "cluster-test";

    [Fact]
    public async Task Two_silos_join_one_cluster_spread_grains_count_a_retried_write_once_and_the_survivor_reactivates_a_killed_silos_grains_with_their_state()
    {
        var connection = await postgres.NewDatabaseAsync("cluster");
        using var work = new TempDir("cluster");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        // Both silos follow one catalog directory (a shared volume or ConfigMap), re-read every second.
        var catalog = work.Sub("catalog");
        Directory.CreateDirectory(catalog);
        WriteCatalog(catalog, "alpha");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Catalog__Paths__0"] = catalog,
            ["Insights__Catalog__ReloadInterval"] = "00:00:01",
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Cluster__ClusterId"] = ClusterId,
            ["Insights__Lake__Root"] = work.Sub("lake"),
            ["Insights__Cluster__AdvertisedAddress"] = "127.0.0.1",
            // Declare a dead silo within seconds rather than Orleans' production defaults (~a minute).
            ["Insights__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Insights__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Insights__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        };

        await using var a = await ServerProcess.StartAsync(work.Path, work.Sub("data-a"), environment, extraArguments: ["--cluster"]);
        await using var b = await ServerProcess.StartAsync(work.Path, work.Sub("data-b"), environment, extraArguments: ["--cluster"]);
        var token = a.LocalToken;

        await UntilAsync(a, token, c => c.Silos.Count(s => s.Status == "Active") == 2, TimeSpan.FromSeconds(60));
        Assert.Equal(2, await MembershipCountAsync(connection, status: 3));
        // The configured catalog is there from each silo's start, and an edit reaches both without a restart.
        Assert.Equal(CatalogOf("alpha"), await CatalogAsync(a, token));
        Assert.Equal(CatalogOf("alpha"), await CatalogAsync(b, b.LocalToken));
        WriteCatalog(catalog, "beta");
        await UntilAsync(async () => (await CatalogAsync(a, token)).SequenceEqual(CatalogOf("beta"))
            && (await CatalogAsync(b, b.LocalToken)).SequenceEqual(CatalogOf("beta")), TimeSpan.FromSeconds(30), "the edited catalog on both silos");

        // One event per service, all through silo A's HTTP endpoint: random placement puts the grains on both silos.
        var body = string.Join('\n', Enumerable.Range(0, Services).Select(i =>
            $$"""{"@timestamp":"2024-06-01T10:00:00Z","event":{"id":"cluster-{{i}}"},"service":{"name":"svc-{{i}}"},"message":"hello"}"""));
        using (var push = a.Request(HttpMethod.Post, "/api/v1/logs", token))
        {
            push.Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
            using var response = await a.Http.SendAsync(push);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(Services, JsonDocument.Parse(text).RootElement.GetProperty("stored").GetInt32());
        }
        // A remote-write batch sent to A and retried against B (as Prometheus retries a 5xx or a timeout): each service's
        // samples reach its one grain in the cluster whichever silo took the request, and the retry stores nothing.
        var write = WriteRequestEncoder.Compressed(Enumerable.Range(0, Services).Select(i =>
            RemoteSeries.Of("cluster_requests_total", [("service", $"svc-{i}")], (1_717_236_000_000, 1), (1_717_236_060_000, 2), (1_717_236_120_000, 3))));
        foreach (var silo in new[] { a, b })
        {
            using var request = silo.Request(HttpMethod.Post, "/api/v1/write", silo.LocalToken);
            request.Content = new ByteArrayContent(write);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
            request.Content.Headers.ContentEncoding.Add("snappy");
            request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            using var response = await silo.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }
        foreach (var i in Enumerable.Range(0, Services))
        {
            using var state = await a.GetAsync($"/api/v1/services/svc-{i}", token);
            using var json = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
            Assert.Equal(3, json.RootElement.GetProperty("samplesStored").GetInt64());
        }
        var spread = await ClusterAsync(a, token);
        var perSilo = spread.Silos.ToDictionary(s => s.Address, s => s.Grains.GetValueOrDefault("ServiceGrain"));
        Assert.True(perSilo.Values.All(n => n > 0), $"grains on one silo only: {string.Join(", ", perSilo)}");
        Assert.Equal(Services, perSilo.Values.Sum());
        // Grain state is in PostgreSQL, not in a silo's data directory: the 5 s save timer writes every service's row.
        await UntilAsync(async () => await StoredStatesAsync(connection) >= Services, TimeSpan.FromSeconds(30),
            "grain states in OrleansStorage", () => ScalarTextAsync(connection, "SELECT string_agg(DISTINCT serviceid || ' ' || graintypestring || ' ' || (payloadbinary IS NULL)::text || ' ' || (payloadjson IS NULL)::text, '; ') FROM OrleansStorage"));

        var victim = spread.Silos.Single(s => s.Address != spread.Self);
        await b.KillAsync();

        // Every service answers through the survivor again, with the state the killed silo saved.
        await UntilAsync(async () =>
        {
            foreach (var i in Enumerable.Range(0, Services))
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var request = a.Request(HttpMethod.Get, $"/api/v1/services/svc-{i}", token);
                try
                {
                    using var response = await a.Http.SendAsync(request, cts.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }
                    using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Assert.Equal(1, status.RootElement.GetProperty("eventsStored").GetInt64());
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            }
            // Right after a silo's death the grain directory may briefly hold two activations of a grain and drop one; the
            // next call activates it again. So every service is called in the same round in which the survivor's count is read.
            var view = await ClusterAsync(a, token);
            return view.Silos.Any(s => s.Address == victim.Address && s.Status == "Dead")
                && view.Silos.Single(s => s.Address == view.Self).Grains.GetValueOrDefault("ServiceGrain") == Services;
        }, TimeSpan.FromSeconds(90), "every service through the survivor, all its grains on it",
            async () => string.Join("; ", (await ClusterAsync(a, token)).Silos.Select(s => $"{s.Address} {s.Status} {s.Grains.GetValueOrDefault("ServiceGrain")}")));
        var after = await ClusterAsync(a, token);
        Assert.Equal(Services, after.Silos.Single(s => s.Address == after.Self).Grains.GetValueOrDefault("ServiceGrain"));
        Assert.Equal(1, await MembershipCountAsync(connection, status: 3));
        Assert.Equal(1, await MembershipCountAsync(connection, status: 6));
        using var ready = await a.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Cluster_mode_without_a_connection_string_or_with_an_unknown_mode_fails_naming_the_key()
    {
        using var work = new TempDir("cluster-bad");

        var missing = await InsightsExe.RunAsync(work.Path, ["serve", "--cluster", "--data", work.Sub("data")]);
        var unknown = await InsightsExe.RunAsync(work.Path, ["serve", "--data", work.Sub("data")], new Dictionary<string, string> { ["Insights__Mode"] = "Swarm" });

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Insights:Cluster:ConnectionString", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Insights:Mode", unknown.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Services svc-0 … svc-23 in two teams, the even ones owned by a team named after <paramref name="version"/>.</summary>
    private static void WriteCatalog(string directory, string version) =>
        File.WriteAllText(Path.Combine(directory, "catalog-info.yaml"), string.Join("---\n", Enumerable.Range(0, Services).Select(i => $"""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: svc-{i}
            spec:
              type: service
              lifecycle: production
              owner: {(i % 2 == 0 ? version : "odd")}

            """)));

    private static List<string> CatalogOf(string version) =>
        Enumerable.Range(0, Services).Select(i => $"{(i % 2 == 0 ? version : "odd")}/svc-{i}").Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> CatalogAsync(ServerProcess server, string token)
    {
        using var response = await server.GetAsync("/api/v1/catalog/services", token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(s => $"{s.GetProperty("team").GetString()}/{s.GetProperty("service").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<ClusterView> ClusterAsync(ServerProcess server, string token)
    {
        using var response = await server.GetAsync("/api/v1/cluster", token);
        return await ClusterView.ReadAsync(response);
    }

    private static async Task<ClusterView> UntilAsync(ServerProcess server, string token, Func<ClusterView, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await ClusterAsync(server, token);
            if (condition(view))
            {
                return view;
            }
            Assert.True(clock.Elapsed < timeout, $"cluster not as expected within {timeout.TotalSeconds:0} s: {string.Join("; ", view.Silos.Select(s => $"{s.Address} {s.Status}"))}\n{server}");
            await Task.Delay(500);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= timeout)
            {
                Assert.Fail($"{what}: not within {timeout.TotalSeconds:0} s; {(diagnostics is null ? "" : await diagnostics())}");
            }
            await Task.Delay(500);
        }
    }

    private static async Task<long> MembershipCountAsync(string connection, int status) =>
        await ScalarAsync(connection, $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{ClusterId}' AND Status = {status}");

    private static async Task<long> StoredStatesAsync(string connection) =>
        await ScalarAsync(connection, $"SELECT count(*) FROM OrleansStorage WHERE ServiceId = '{ClusterId}' ");

    private static async Task<string> ScalarTextAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (await command.ExecuteScalarAsync())?.ToString() ?? "(none)";
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
