using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The real thing for the query API pull: a known six-hour probe history is backfilled into Debian's Prometheus with
/// <c>promtool tsdb create-blocks-from openmetrics</c>; <c>insights pull prometheus</c> over <c>query_range</c> then stores
/// exactly what <c>insights import metrics</c> of the same file stores, and the store's availability equals
/// Prometheus's own <c>avg_over_time(probe_success[6h])</c>.
/// </summary>
public sealed class PullPrometheusTests
{
    private const long T0 = 1_704_067_200; // 2024-01-01T00:00:00Z
    private const int Minutes = 360;
    private const long End = T0 + Minutes * 60;

    private static readonly (string Service, Func<int, bool> Down)[] Services =
    [
        ("pull-checkout", k => k is >= 100 and <= 104),
        ("pull-search", k => k % 50 == 0),
        ("pull-billing", k => k == Minutes),
    ];

    [Fact]
    public async Task Pulling_a_promtool_backfilled_Prometheus_stores_what_importing_the_same_OpenMetrics_file_stores()
    {
        using var work = new TempDir("pull-prometheus");
        var file = work.Write("probes.om", History());
        await Promtool.CreateBlocksFromOpenMetricsAsync(file, work.Sub("tsdb"));
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, "global:\n  scrape_interval: 1m\n", ["--storage.tsdb.retention.time=100y"]);
        string[] pullArgs =
        [
            "pull", "prometheus", "--data", work.Sub("pulled"), "--url", prometheus.BaseUrl, "--query", "probe_success=probe_success",
            "--from", (T0 + 60).ToString(CultureInfo.InvariantCulture), "--to", End.ToString(CultureInfo.InvariantCulture), "--step", "60s", "--format", "json",
        ];

        var pulled = await InsightsExe.RunAsync(work.Path, pullArgs);
        var imported = await InsightsExe.RunAsync(work.Path, ["import", "metrics", file, "--data", work.Sub("imported")]);
        var again = await InsightsExe.RunAsync(work.Path, pullArgs);

        Assert.True(pulled.ExitCode == 0, $"{pulled}\n{prometheus}");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        var result = Assert.Single(JsonDocument.Parse(pulled.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("Pulled", 3, 3 * Minutes, 3 * Minutes), (result.GetProperty("outcome").GetString(), result.GetProperty("series").GetInt32(),
            result.GetProperty("received").GetInt32(), result.GetProperty("stored").GetInt32()));
        Assert.Contains("pull prometheus: probe_success request 1/1", pulled.Stderr, StringComparison.Ordinal);

        // Same series (ids, labels, services), same number of samples, same timestamps and values.
        const string seriesSql = "SELECT string_agg(CAST(series_id AS VARCHAR) || ' ' || service || ' ' || metric || ' ' || CAST(labels AS VARCHAR), '\n' ORDER BY series_id) FROM metric_series";
        const string samplesSql = """
            SELECT string_agg(line, '\n' ORDER BY line) FROM (
              SELECT CAST(series_id AS VARCHAR) || ' ' || service || ' ' || count(*) || ': '
                     || string_agg(CAST(epoch_ms(ts) AS VARCHAR) || '=' || CAST(value AS VARCHAR), ',' ORDER BY ts) AS line
              FROM metric_samples WHERE metric = 'probe_success' GROUP BY series_id, service)
            """;
        Assert.Equal(StoreFile.Scalar(work.Sub("imported"), seriesSql), StoreFile.Scalar(work.Sub("pulled"), seriesSql));
        Assert.Equal(StoreFile.Scalar(work.Sub("imported"), samplesSql), StoreFile.Scalar(work.Sub("pulled"), samplesSql));
        Assert.Equal(3 * Minutes, StoreFile.Count(work.Sub("pulled"), "SELECT count(*) FROM metric_samples"));

        // The store's availability (average of the probe samples) is Prometheus's own avg_over_time over the window.
        var ours = await AvailabilityAsync(work, "pulled");
        var theirs = await PrometheusAvailabilityAsync(prometheus);
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        foreach (var (service, down) in Services)
        {
            var expected = (Minutes - Enumerable.Range(1, Minutes).Count(down)) / (double)Minutes;
            Assert.Equal(expected, theirs[service], 12);
            Assert.Equal(theirs[service], ours[service], 12);
            Assert.Equal(ours[service], (await AvailabilityAsync(work, "imported"))[service], 12);
        }

        // insights kpi (the uptime KPIs) gives the same figures over both stores, with Prometheus's availability.
        var kpiPulled = await KpiAsync(work, "pulled");
        Assert.Equal(await KpiAsync(work, "imported"), kpiPulled);
        Assert.Equal(Services.Length, JsonDocument.Parse(kpiPulled).RootElement.GetArrayLength());
        foreach (var row in JsonDocument.Parse(kpiPulled).RootElement.EnumerateArray())
        {
            Assert.Equal(theirs[row.GetProperty("name").GetString()!], row.GetProperty("availability").GetDouble(), 9);
        }

        // Pulling the same window again is safe: every point is a duplicate the grains drop.
        Assert.True(again.ExitCode == 0, again.ToString());
        var repeat = Assert.Single(JsonDocument.Parse(again.Stdout).RootElement.EnumerateArray());
        Assert.Equal((0, 3 * Minutes), (repeat.GetProperty("stored").GetInt32(), repeat.GetProperty("duplicates").GetInt32()));
        Assert.Equal(3 * Minutes, StoreFile.Count(work.Sub("pulled"), "SELECT count(*) FROM metric_samples"));
    }

    /// <summary>probe_success of three services every minute for six hours after T0, in promtool's backfill format.</summary>
    private static string History()
    {
        var text = new StringBuilder("# HELP probe_success Whether the probe succeeded.\n# TYPE probe_success gauge\n");
        foreach (var (service, down) in Services)
        {
            for (var k = 1; k <= Minutes; k++)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"probe_success{{instance=\"blackbox:9115\",job=\"blackbox\",service=\"{service}\"}} {(down(k) ? 0 : 1)} {T0 + k * 60}\n");
            }
        }
        return text.Append("# EOF\n").ToString();
    }

    private static async Task<Dictionary<string, double>> AvailabilityAsync(TempDir work, string data)
    {
        var query = await InsightsExe.RunAsync(work.Path,
            ["query", "--data", work.Sub(data), "--format", "json", "SELECT service, avg(value) AS availability FROM metric_samples WHERE metric = 'probe_success' GROUP BY service"]);
        Assert.True(query.ExitCode == 0, query.ToString());
        return JsonDocument.Parse(query.Stdout).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("service").GetString()!, r => r.GetProperty("availability").GetDouble());
    }

    private static async Task<string> KpiAsync(TempDir work, string data)
    {
        var kpi = await InsightsExe.RunAsync(work.Path,
            ["kpi", "--data", work.Sub(data), "--scope", "service", "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T06:01:00Z", "--format", "json"]);
        Assert.True(kpi.ExitCode == 0, kpi.ToString());
        return kpi.Stdout;
    }

    private static async Task<Dictionary<string, double>> PrometheusAvailabilityAsync(PrometheusProcess prometheus)
    {
        var text = await prometheus.Http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString("avg_over_time(probe_success[6h])")}&time={End}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("result").EnumerateArray().ToDictionary(
            r => r.GetProperty("metric").GetProperty("service").GetString()!,
            r => double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
    }
}
