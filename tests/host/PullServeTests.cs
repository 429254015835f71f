using System.Diagnostics;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights serve</c> runs the configured Prometheus pull on its schedule and reports a failing one.</summary>
public sealed class PullServeTests
{
    [Fact]
    public async Task A_server_whose_Prometheus_is_unreachable_stays_ready_but_degraded_and_counts_the_failures()
    {
        using var work = new TempDir("pull-serve");
        var closed = PrometheusProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Insights__Ingest__Prometheus__Url"] = $"http://127.0.0.1:{closed}",
            ["Insights__Ingest__Prometheus__Queries__0__Name"] = "probe",
            ["Insights__Ingest__Prometheus__Queries__0__Expr"] = "probe_success",
            ["Insights__Ingest__Prometheus__MaxRetries"] = "0",
        };
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), environment);

        string ready = "", metrics = "";
        var clock = Stopwatch.StartNew();
        while (!(ready.Contains("\"status\":\"Degraded\",\"description\":\"Prometheus pull: ", StringComparison.Ordinal) && metrics.Contains("reason=\"unreachable\"", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"readyz: {ready}\nmetrics: {metrics}\n{server}");
            await Task.Delay(250);
            using var readyz = await server.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, readyz.StatusCode);
            ready = await readyz.Content.ReadAsStringAsync();
            using var scrape = await server.GetAsync("/metrics", server.LocalToken);
            metrics = await scrape.Content.ReadAsStringAsync();
        }

        Assert.Contains("insights_prometheus_pull_errors_total{query=\"probe\",reason=\"unreachable\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_ingest_errors_total{kind=\"metrics\",source=\"prometheus_pull\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("Prometheus pull: query probe failed (unreachable)", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_with_a_bad_name_fails_start_naming_the_key()
    {
        using var work = new TempDir("pull-config");
        var result = await InsightsExe.RunAsync(work.Path, ["pull", "prometheus", "--data", work.Sub("data")], new Dictionary<string, string>
        {
            ["Insights__Ingest__Prometheus__Url"] = "http://127.0.0.1:9",
            ["Insights__Ingest__Prometheus__Queries__0__Name"] = "bad name",
            ["Insights__Ingest__Prometheus__Queries__0__Expr"] = "up",
        });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Insights:Ingest:Prometheus:Queries:0: Name 'bad name'", result.Stderr, StringComparison.Ordinal);
    }
}
