using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Resilience;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// An upstream outage as <c>insights serve</c> lives it: Elasticsearch accepts connections and never answers; the pull
/// times out, the breaker opens, <c>/readyz</c> stays 200 but names it, <c>/metrics</c> shows it — and log push and the
/// KPI API go on answering.
/// </summary>
public sealed class ResilienceUpstreamOutageTests
{
    [Fact]
    public async Task A_hung_Elasticsearch_opens_its_breaker_shows_on_readyz_and_metrics_and_ingest_and_reads_go_on()
    {
        using var work = new TempDir("upstream-hang");
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        // Accepts every connection and never writes a byte: a hung upstream, not a refused one.
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    held.Add(await hung.AcceptTcpClientAsync(stop.Token));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var environment = new Dictionary<string, string>
        {
            ["Insights__Ingest__Elasticsearch__Url"] = $"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}",
            ["Insights__Ingest__Elasticsearch__Sources__0__Name"] = "logs",
            ["Insights__Ingest__Elasticsearch__Sources__0__IndexPatterns__0"] = "logs-*",
            ["Insights__Ingest__Elasticsearch__MaxRetries"] = "0",
            ["Insights__Ingest__Elasticsearch__RequestTimeout"] = "00:00:01",
            ["Insights__Ingest__Elasticsearch__BreakAfterFailures"] = "2",
            ["Insights__Ingest__Elasticsearch__BreakDuration"] = "00:10:00",
            ["Insights__Ingest__Elasticsearch__Interval"] = "00:00:01",
        };
        await using (var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), environment))
        {
            string ready = "", metrics = "";
            var clock = Stopwatch.StartNew();
            while (!ready.Contains("elasticsearch: circuit open", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"readyz: {ready}\n{server}");
                await Task.Delay(250);
                using var readyz = await server.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
                ready = await readyz.Content.ReadAsStringAsync();
            }
            using (var json = JsonDocument.Parse(ready))
            {
                Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
                Assert.Equal("Degraded", json.RootElement.GetProperty("checks").GetProperty("upstreams").GetProperty("status").GetString());
                Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
            }
            using (var scrape = await server.GetAsync("/metrics", server.LocalToken))
            {
                metrics = await scrape.Content.ReadAsStringAsync();
            }
            Assert.Contains("insights_upstream_circuit_state{upstream=\"elasticsearch\"} 2", metrics, StringComparison.Ordinal);
            Assert.Contains("insights_upstream_failures_total{upstream=\"elasticsearch\",reason=\"timeout\"}", metrics, StringComparison.Ordinal);

            // The rest of the pipeline: a log push is stored and the KPI API answers while Elasticsearch hangs.
            var line = """{"@timestamp":"2026-11-28T10:00:00Z","log":{"level":"error"},"service.name":"push-svc","message":"still ingesting"}""";
            using var push = server.Request(HttpMethod.Post, "/api/v1/logs", server.LocalToken);
            push.Content = new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson");
            var pushed = Stopwatch.StartNew();
            using var pushResponse = await server.Http.SendAsync(push);
            var pushBody = await pushResponse.Content.ReadAsStringAsync();
            Assert.True(pushResponse.StatusCode == HttpStatusCode.OK, $"log push: {(int)pushResponse.StatusCode} {pushBody}");
            Assert.Contains("\"stored\":1", pushBody, StringComparison.Ordinal);
            using var kpi = await server.GetAsync("/api/v1/kpi/uptime?scope=org&window=1d", server.LocalToken);
            Assert.Equal(HttpStatusCode.OK, kpi.StatusCode);
            Assert.True(pushed.Elapsed < TimeSpan.FromSeconds(30), $"push and read took {pushed.Elapsed}");
        }
        await stop.CancelAsync();
        hung.Stop();
        await accepting;
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Readiness_names_each_upstream_whose_breaker_is_open_and_stays_healthy_for_the_ones_that_answer()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var upstreams = new Upstreams(Metrics.NewCustomRegistry(), time);
        var settings = new UpstreamResilienceSettings(0, TimeSpan.Zero, TimeSpan.Zero, 2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));
        var smtp = upstreams.Get("smtp", settings);
        var grafana = upstreams.Get("grafana", settings);
        var check = new UpstreamsHealthCheck(upstreams);

        Assert.True(await grafana.ExecuteAsync(_ => ValueTask.FromResult(true), CancellationToken.None));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(async () =>
                await smtp.ExecuteAsync<bool>(_ => throw new HttpRequestException("connection refused"), CancellationToken.None));
        }

        var degraded = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.StartsWith("smtp: circuit open, calls refused (last failure 2026-11-29 08:00:00Z: unreachable: connection refused)", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("grafana", degraded.Description, StringComparison.Ordinal);
        Assert.Equal("Open", degraded.Data["smtp"]);
        Assert.Equal("Closed", degraded.Data["grafana"]);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await smtp.ExecuteAsync(_ => ValueTask.FromResult(true), CancellationToken.None));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
