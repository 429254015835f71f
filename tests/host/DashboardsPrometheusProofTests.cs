using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The proof that no panel is empty: after the demo, <c>insights serve</c> runs on its data (pulling from and receiving
/// remote write from the same Prometheus, so the pipeline panels have traffic), Debian's real Prometheus scrapes its
/// /metrics and holds the backfilled KPI history, and every PromQL expression of every generated dashboard — with the
/// template variables set to each team and one service of each — parses and returns data over the demo's window and
/// now through Prometheus's own <c>query_range</c>. The idle-resource expressions must still parse; their rules need 7–15 days
/// of data, more than this demo's two, so <see cref="IdleDashboardsProofTests"/> proves them over a 16-day demo.
/// </summary>
public sealed class DashboardsPrometheusProofTests
{
    [Fact]
    public async Task Every_panel_expression_of_every_dashboard_returns_data_from_a_real_Prometheus_for_every_team()
    {
        var demo = await SharedDemo.GetAsync();
        using var work = new TempDir("proof");
        demo.CopyDataTo(work.Sub("data"));
        var backfill = await InsightsExe.RunAsync(work.Path, ["dashboards", "backfill", "--data", work.Sub("data"), "--out", work.Sub("history"), "--days", "2"]);
        Assert.True(backfill.ExitCode == 0, backfill.ToString());
        await Promtool.CreateBlocksFromOpenMetricsAsync(Path.Combine(work.Sub("history"), "insights-kpi-history.om"), work.Sub("tsdb"));

        var team = demo.Manifest.Teams[0].Name;
        const string token = "proof-admin-token-0123456789";
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, "global:\n  scrape_interval: 1s\n",
            ["--storage.tsdb.retention.time=100y", "--web.enable-lifecycle"]);
        var environment = new Dictionary<string, string>
        {
            ["Insights__Server__Tokens__0__Name"] = "admin",
            ["Insights__Server__Tokens__0__Token"] = token,
            ["Insights__Server__Tokens__0__Scopes__0"] = "admin",
            ["Insights__Dashboards__KpiRefresh"] = "00:00:05",
            ["Insights__Cost__Baseline__From"] = demo.Manifest.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Insights__Cost__Baseline__To"] = demo.Manifest.StartDate.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Insights__Ingest__Prometheus__Url"] = prometheus.BaseUrl,
            ["Insights__Ingest__Prometheus__Queries__0__Name"] = "up",
            ["Insights__Ingest__Prometheus__Queries__0__Expr"] = "up",
            ["Insights__Ingest__Prometheus__Interval"] = "00:00:02",
            ["Insights__Ingest__Prometheus__Step"] = "1s",
            ["Insights__Ingest__Prometheus__Lag"] = "00:00:02",
            ["Insights__Ingest__Prometheus__Backfill"] = "00:00:10",
        };
        // A budget for every team and for the service each team is checked with, so the budget panels have data.
        var budgets = demo.Manifest.Teams.Select(t => ("Team", t.Name, "1000"))
            .Concat(demo.Manifest.Teams.Select(t => ("Service", ServiceOf(demo, t.Name), "100"))).ToList();
        for (var i = 0; i < budgets.Count; i++)
        {
            environment[$"Insights__Cost__Budgets__{i}__{budgets[i].Item1}"] = budgets[i].Item2;
            environment[$"Insights__Cost__Budgets__{i}__Amount"] = budgets[i].Item3;
            environment[$"Insights__Cost__Budgets__{i}__Currency"] = "USD";
        }
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), environment);
        var tokenFile = work.Write("token", token);
        await prometheus.ScrapeInsightsAsync(server.BaseUrl, tokenFile, remoteWriteUrl: server.BaseUrl + "/api/v1/write");

        // Enough scrapes that rate() over the pipeline counters has two points, and the KPI gauges were refreshed.
        await UntilAsync(async () => (await prometheus.QueryAsync("count_over_time(insights_kpi_refreshes_total[5m]) >= 6")).Count > 0
                && (await prometheus.QueryAsync("insights_remote_write_requests_total")).Count > 0
                && (await prometheus.QueryAsync("insights_prometheus_pull_requests_total")).Count > 0,
            TimeSpan.FromSeconds(120), () => $"scrapes of insights serve\n{prometheus}\n{server}");

        var dashboards = InsightsDashboards.All(DashboardSettings.Default);
        // From the demo's first day to now, with an evaluation exactly at the end (after the live scrapes): Prometheus
        // evaluates at start + k·step, so start is end minus whole steps.
        var first = new DateTimeOffset(demo.Manifest.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5;
        var step = Math.Max(60, (end - first) / 10_000);
        var start = end - (((end - first) / step) + 1) * step;
        var empty = new List<string>();
        var marks = new List<string>();
        var checkedCount = 0;
        var annotationsWithData = 0;
        foreach (var t in demo.Manifest.Teams)
        {
            var service = ServiceOf(demo, t.Name);
            var values = new Dictionary<string, string> { ["team"] = t.Name, ["service"] = service };
            foreach (var expression in DashboardQueries.Expressions(dashboards, values))
            {
                var (ok, series, body) = await RangeAsync(prometheus, expression.Expr, start, end, step);
                Assert.True(ok, $"{expression.DashboardUid} / {expression.PanelTitle} ({expression.RefId}) does not parse: {expression.Expr}\n{body}");
                if (expression.PanelId == 0 && series > 0)
                {
                    var annotation = dashboards.Single(d => d.Uid == expression.DashboardUid).Annotations.List.Single(a => a.Name == expression.RefId);
                    marks.AddRange(AnnotationProblems(annotation, body, first, end).Select(p => $"{expression.DashboardUid} / {annotation.Name} for {t.Name}, {service}: {p}"));
                    annotationsWithData++;
                }
                if (series == 0)
                {
                    // The live minute at a 5 s step as well: a single failed scrape on this loaded machine writes staleness
                    // markers, which can blank the one long-range point that falls after the server started.
                    (_, series, _) = await RangeAsync(prometheus, expression.Expr, end - 60, end, 5);
                }
                checkedCount++;
                if (series == 0 && !expression.Pending && !EventDependent.Any(m => expression.Expr.Contains(m, StringComparison.Ordinal)))
                {
                    empty.Add($"{expression.DashboardUid} / {expression.PanelTitle} ({expression.RefId}) for team {t.Name}, service {service}: {expression.Expr}");
                }
            }
        }
        Assert.True(empty.Count == 0, $"{empty.Count} of {checkedCount} expressions returned no data:\n{string.Join('\n', empty)}");
        Assert.True(checkedCount > 100, $"only {checkedCount} expressions checked");
        // The annotations returned marks Grafana can place: the service's and the team's deployments for every team at least.
        Assert.True(marks.Count == 0, string.Join('\n', marks));
        Assert.True(annotationsWithData >= 2 * demo.Manifest.Teams.Count, $"only {annotationsWithData} annotation queries returned data");
    }

    /// <summary>
    /// What Grafana needs of an annotation's result to draw it: every label its title, text and tags name on every
    /// series, and — when the value is the time — values that are milliseconds inside the demo's window (a value in
    /// seconds would put every mark in January 1970).
    /// </summary>
    private static IEnumerable<string> AnnotationProblems(Annotation annotation, string body, long firstSeconds, long endSeconds)
    {
        var labels = System.Text.RegularExpressions.Regex.Matches($"{annotation.TitleFormat} {annotation.TextFormat}", @"\{\{(\w+)\}\}").Select(m => m.Groups[1].Value)
            .Concat((annotation.TagKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        using var json = JsonDocument.Parse(body);
        foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var metric = series.GetProperty("metric");
            foreach (var label in labels.Where(l => !metric.TryGetProperty(l, out var v) || v.GetString() is not { Length: > 0 }))
            {
                yield return $"series {metric} lacks the label '{label}'";
            }
            if (annotation.UseValueForTime != true)
            {
                continue;
            }
            foreach (var value in series.GetProperty("values").EnumerateArray().Select(v => double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)).Distinct())
            {
                if (value < firstSeconds * 1000.0 || value > endSeconds * 1000.0)
                {
                    yield return $"series {metric}: {value} is not a time in milliseconds within the demo";
                }
            }
        }
    }

    /// <summary>
    /// Figures that exist only once something happened — a resolved incident (recovery times), a failed deployment that
    /// was recovered, a failed deployment (its annotation), an incident open now, an ingest or pull error, a dropped sample — and are rightly empty ("no data", never 0) when the
    /// demo's two days had none for the service or team checked. Their expressions must still parse.
    /// </summary>
    private static readonly string[] EventDependent =
    [
        "insights_mttr_seconds", "insights_recovery_median_seconds", "insights_recovered_within_target_ratio",
        "insights_dora_recovery_seconds", "key=\"recovery\"", "insights_open_incidents", "insights_ingest_errors_total",
        "insights_prometheus_pull_errors_total", "insights_remote_write_samples_dropped_total", "insights_ingest_dropped_total",
        "insights_prometheus_pull_samples_dropped_total", "outcome=\"failure\"",
    ];

    private static string ServiceOf(SharedDemo demo, string team) => demo.Manifest.Services.First(s => s.Team == team).Name;

    private static async Task<(bool Ok, int Series, string Body)> RangeAsync(PrometheusProcess prometheus, string promql, long start, long end, long step)
    {
        using var response = await prometheus.Http.GetAsync(
            $"/api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start}&end={end}&step={step}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            return (false, 0, body);
        }
        using var json = JsonDocument.Parse(body);
        return (true, json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength(), body);
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
            await Task.Delay(500);
        }
    }
}
