using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The scheduled pull of <c>insights serve</c> against Debian's real Prometheus, across a restart: the server pulls
/// on its own schedule, stops, starts again on the same data directory and resumes from the query's checkpoint (the
/// grain state kept in the store) — every evaluation step from the first to the last checkpoint is stored exactly
/// once, and equals what Prometheus's own <c>query_range</c> answers for those steps.
/// </summary>
public sealed class PullServeResumeTests
{
    private const string Exposition = """
        # TYPE psr_queue_depth gauge
        psr_queue_depth{service="psr-worker"} 7

        """;

    [Fact]
    public async Task A_served_pull_stores_every_step_of_a_real_Prometheus_once_and_resumes_from_its_checkpoint_after_a_restart()
    {
        using var work = new TempDir("pull-resume");
        await using var target = new ScrapeTarget(Exposition);
        var config = $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
            scrape_configs:
              - job_name: psr-target
                static_configs:
                  - targets: ['127.0.0.1:{target.Port}']
            """;
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, config);
        await UntilAsync(() => Task.FromResult(target.Scrapes >= 3), TimeSpan.FromSeconds(60), () => $"3 scrapes ({target.Scrapes})\n{prometheus}");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Ingest__Prometheus__Url"] = prometheus.BaseUrl,
            ["Insights__Ingest__Prometheus__Queries__0__Name"] = "depth",
            ["Insights__Ingest__Prometheus__Queries__0__Expr"] = "psr_queue_depth",
            ["Insights__Ingest__Prometheus__Interval"] = "00:00:01",
            ["Insights__Ingest__Prometheus__Step"] = "1s",
            ["Insights__Ingest__Prometheus__Lag"] = "00:00:02",
            ["Insights__Ingest__Prometheus__Overlap"] = "00:00:03",
            ["Insights__Ingest__Prometheus__Backfill"] = "00:00:20",
        };
        var data = work.Sub("data");

        long first;
        await using (var server = await ServerProcess.StartAsync(work.Path, data, environment))
        {
            var started = await CheckpointAsync(server, c => c > 0);
            await CheckpointAsync(server, c => c >= started + 3);
            Assert.Equal(0, await server.StopAsync());
        }
        // The checkpoint as the server left it: it went on pulling until SIGTERM, so read the last step it stored.
        first = StoredSteps(data, long.MaxValue)[^1];
        // Prometheus goes on scraping while the server is down; the next start must pull that gap from the checkpoint.
        await Task.Delay(TimeSpan.FromSeconds(3));
        long last;
        string metrics;
        await using (var server = await ServerProcess.StartAsync(work.Path, data, environment))
        {
            last = await CheckpointAsync(server, c => c >= first + 5);
            using var scrape = await server.GetAsync("/metrics", server.LocalToken);
            metrics = await scrape.Content.ReadAsStringAsync();
            Assert.Equal(0, await server.StopAsync());
        }

        // Resumed, not re-pulled: the second run found nothing it already had after its checkpoint; what it re-read
        // of the 3 s overlap before it was dropped as such, and every point received is counted exactly once.
        Assert.Equal(0, Counter(metrics, "insights_prometheus_pull_samples_dropped_total{query=\"depth\",reason=\"duplicate\"}"));
        var overlap = Counter(metrics, "insights_prometheus_pull_samples_dropped_total{query=\"depth\",reason=\"overlap\"}");
        Assert.True(overlap > 0, $"the resumed pull re-read nothing of its overlap:\n{metrics}");
        var pulledStored = Counter(metrics, "insights_prometheus_pull_samples_stored_total{query=\"depth\"}");
        Assert.Equal(Counter(metrics, "insights_prometheus_pull_samples_received_total{query=\"depth\"}"),
            pulledStored + overlap + Counter(metrics, "insights_prometheus_pull_samples_dropped_total{query=\"depth\",reason=\"nan\"}"));
        // The pipeline-wide counters count a pulled point once (the service grain counts it, not the pull as well).
        Assert.Equal(pulledStored, Counter(metrics, "insights_ingest_stored_total{kind=\"metrics\"}"));
        Assert.Equal(overlap, Counter(metrics, "insights_ingest_dropped_total{kind=\"metrics\",reason=\"duplicate\"}"));
        var stored = StoredSteps(data, last);
        var expected = await PrometheusStepsAsync(prometheus, stored[0], last);
        // Every step Prometheus has after the first run's last one, not every second: a missed scrape leaves a step
        // without a value (the steps it has are what the second run must store).
        var gap = expected.Count(s => s > first);
        Assert.True(Counter(metrics, "insights_prometheus_pull_samples_stored_total{query=\"depth\"}") >= gap,
            $"the second run stored fewer than the {gap} steps Prometheus has after its checkpoint ({first} → {last}):\n{metrics}");

        Assert.Equal(stored.Distinct().Count(), stored.Count);
        Assert.Equal(expected, stored);
        Assert.True(stored.Count >= 8, $"only {stored.Count} steps stored");
        Assert.Contains(stored, s => s <= first);
        Assert.Contains(stored, s => s > first + 3);
    }

    /// <summary>Waits until the server's checkpoint of the query satisfies <paramref name="reached"/>; returns it.</summary>
    private static async Task<long> CheckpointAsync(ServerProcess server, Func<long, bool> reached)
    {
        long checkpoint = 0;
        await UntilAsync(async () =>
        {
            using var scrape = await server.GetAsync("/metrics", server.LocalToken);
            checkpoint = (long)Counter(await scrape.Content.ReadAsStringAsync(), "insights_prometheus_pull_checkpoint_timestamp_seconds{query=\"depth\"}");
            return reached(checkpoint);
        }, TimeSpan.FromSeconds(90), () => $"the checkpoint to advance (now {checkpoint})\n{server}");
        return checkpoint;
    }

    private static List<long> StoredSteps(string data, long last)
    {
        var text = (string?)StoreFile.Scalar(data,
            $"SELECT string_agg(CAST(epoch(ts) AS BIGINT)::VARCHAR, ',' ORDER BY ts) FROM metric_samples WHERE metric = 'psr_queue_depth' AND service = 'psr-worker' AND value = 7 AND epoch(ts) <= {last}");
        Assert.NotNull(text);
        return [.. text.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
    }

    private static async Task<List<long>> PrometheusStepsAsync(PrometheusProcess prometheus, long from, long to)
    {
        var text = await prometheus.Http.GetStringAsync(
            $"/api/v1/query_range?query={Uri.EscapeDataString("psr_queue_depth")}&start={from}&end={to}&step=1s");
        using var json = JsonDocument.Parse(text);
        var series = Assert.Single(json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        return [.. series.GetProperty("values").EnumerateArray().Select(v => (long)v[0].GetDouble())];
    }

    private static double Counter(string metrics, string series)
    {
        var match = Regex.Match(metrics, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {waitingFor()}");
            }
            await Task.Delay(250);
        }
    }
}
