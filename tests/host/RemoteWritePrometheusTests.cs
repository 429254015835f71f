using System.Diagnostics;
using System.Globalization;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The real thing: Debian's Prometheus scrapes an in-test target every second and remote-writes to a running
/// <c>insights serve</c>; once the target is gone, every series holds in the store exactly the samples Prometheus
/// itself counts (<c>count_over_time</c>), with the scraped values, routed to the right services.
/// </summary>
public sealed class RemoteWritePrometheusTests(RemoteWriteServer fixture) : IClassFixture<RemoteWriteServer>
{
    private const string Exposition = """
        # TYPE rwp_requests_total counter
        rwp_requests_total{service="rwp-checkout",code="200"} 42
        rwp_requests_total{service="rwp-checkout",code="500"} 3
        # TYPE rwp_temperature_celsius gauge
        rwp_temperature_celsius{room="lab"} 21.5
        # TYPE rwp_queue_depth gauge
        rwp_queue_depth{service="rwp-worker"} 7

        """;

    private static readonly string[] Metrics = ["rwp_requests_total", "rwp_temperature_celsius", "rwp_queue_depth"];

    [Fact]
    public async Task Every_sample_Prometheus_scrapes_is_stored_through_remote_write()
    {
        using var work = new TempDir("prometheus");
        await using var target = new ScrapeTarget(Exposition);
        var config = $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
            scrape_configs:
              - job_name: rwp-target
                static_configs:
                  - targets: ['127.0.0.1:{target.Port}']
            remote_write:
              - url: {fixture.Server.BaseUrl}/api/v1/write
                authorization:
                  credentials: {RemoteWriteServer.IngestToken}
                queue_config:
                  batch_send_deadline: 200ms
                  max_samples_per_send: 50
                  min_backoff: 50ms
                  max_backoff: 1s
            """;
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, config);
        string Diagnostics() => $"{prometheus}\n{fixture.Server}";

        // A few scrapes, then the target goes away: its series end (Prometheus writes stale markers) and stop growing.
        await UntilAsync(() => Task.FromResult(target.Scrapes >= 6), TimeSpan.FromSeconds(60), () => $"6 scrapes of the target ({target.Scrapes} seen)\n{Diagnostics()}");
        await target.StopAsync();
        await UntilAsync(async () => (await prometheus.QueryAsync("up{job=\"rwp-target\"} == 0")).Count == 1, TimeSpan.FromSeconds(30),
            () => $"Prometheus to record the failed scrape\n{Diagnostics()}");

        Dictionary<ulong, long> scraped = [], stored = [];
        await UntilAsync(async () =>
        {
            scraped = await ScrapedCountsAsync(prometheus);
            stored = await StoredCountsAsync();
            return scraped.Count == 4 && scraped.All(s => stored.GetValueOrDefault(s.Key) == s.Value);
        }, TimeSpan.FromSeconds(60), () => $"stored counts to equal Prometheus's: scraped {Show(scraped)}, stored {Show(stored)}\n{Diagnostics()}");

        Assert.All(scraped.Values, count => Assert.True(count >= 5, $"only {count} samples per series"));
        Assert.Equal(scraped.Count, stored.Count);
        var values = await fixture.QueryAsync(
            "SELECT metric || '/' || service, min(value), max(value) FROM metric_samples WHERE metric LIKE 'rwp_%' GROUP BY ALL ORDER BY 1");
        Assert.Equal(
            ["rwp_queue_depth/rwp-worker 7 7", "rwp_requests_total/rwp-checkout 3 42", "rwp_temperature_celsius/rwp-target 21.5 21.5"],
            values.Select(r => $"{r[0].GetString()} {r[1].GetDouble().ToString(CultureInfo.InvariantCulture)} {r[2].GetDouble().ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal(0, await prometheus.OwnMetricAsync("prometheus_remote_storage_samples_failed_total"));
        Assert.Equal(0, await prometheus.OwnMetricAsync("prometheus_remote_storage_samples_dropped_total"));
        Assert.True(await prometheus.OwnMetricAsync("prometheus_remote_storage_samples_total") > 0, Diagnostics());
    }

    private static async Task<Dictionary<ulong, long>> ScrapedCountsAsync(PrometheusProcess prometheus)
    {
        var counts = new Dictionary<ulong, long>();
        foreach (var metric in Metrics)
        {
            // Range functions drop __name__: the query names the metric, the series id is computed as the store does.
            foreach (var (labels, value) in await prometheus.QueryAsync($"count_over_time({metric}[1h])"))
            {
                var sorted = labels.Select(l => new Label(l.Key, l.Value)).OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
                counts[SeriesIdentity.Compute(metric, sorted)] = (long)value;
            }
        }
        return counts;
    }

    private async Task<Dictionary<ulong, long>> StoredCountsAsync()
    {
        var rows = await fixture.QueryAsync("SELECT CAST(series_id AS VARCHAR), count(*) FROM metric_samples WHERE metric LIKE 'rwp_%' GROUP BY 1");
        return rows.ToDictionary(r => ulong.Parse(r[0].GetString()!, CultureInfo.InvariantCulture), r => r[1].GetInt64());
    }

    private static string Show(Dictionary<ulong, long> counts) => string.Join(", ", counts.Select(c => $"{c.Key:x}={c.Value}"));

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
