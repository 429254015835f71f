using System.Globalization;
using System.Text.Json;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights dashboards backfill</c> over the shared demo: the OpenMetrics history goes through Debian's real
/// <c>promtool tsdb create-blocks-from openmetrics</c> into a real Prometheus, which answers — as of a past hour —
/// the figures <c>insights kpi</c> computes for the window ending at that hour, and the DORA figures <c>insights dora</c>
/// computes for the week before that day.
/// </summary>
public sealed class KpiBackfillTests
{
    [Fact]
    public async Task The_kpi_history_loads_into_a_real_Prometheus_and_answers_what_insights_kpi_computes_for_that_hour()
    {
        var demo = await SharedDemo.GetAsync();
        using var work = new TempDir("backfill");
        demo.CopyDataTo(work.Sub("data"));

        var budgetTeam = demo.Manifest.Teams[0].Name;
        var budget = new Dictionary<string, string>
        {
            ["Insights__Cost__Budgets__0__Team"] = budgetTeam, ["Insights__Cost__Budgets__0__Amount"] = "1000", ["Insights__Cost__Budgets__0__Currency"] = "USD",
        };
        var backfill = await InsightsExe.RunAsync(work.Path, ["dashboards", "backfill", "--data", work.Sub("data"), "--out", work.Sub("history"), "--days", "2"], budget);
        Assert.True(backfill.ExitCode == 0, backfill.ToString());
        Assert.Contains("samples of", backfill.Stdout, StringComparison.Ordinal);
        var file = Path.Combine(work.Sub("history"), "insights-kpi-history.om");
        await Promtool.CreateBlocksFromOpenMetricsAsync(file, work.Sub("tsdb"));
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, "global:\n  scrape_interval: 1m\n", ["--storage.tsdb.retention.time=100y"]);

        // The demo ends 2026-01-10T00:00Z; an hour in the middle of its second day.
        var at = new DateTimeOffset(2026, 1, 9, 13, 0, 0, TimeSpan.Zero);
        var kpi = await InsightsExe.RunAsync(work.Path,
            ["kpi", "--data", work.Sub("data"), "--scope", "team", "--window", "1d", "--to", "2026-01-09T13:00:00Z", "--format", "json"]);
        Assert.True(kpi.ExitCode == 0, kpi.ToString());
        var rows = JsonDocument.Parse(kpi.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(demo.Manifest.Teams.Count, rows.Count);
        foreach (var row in rows)
        {
            var team = row.GetProperty("name").GetString()!;
            var availability = await InstantAsync(prometheus, $"last_over_time(insights_availability_ratio{{scope=\"team\",team=\"{team}\",window=\"1d\"}}[1h])", at);
            Assert.Equal(row.GetProperty("availability").GetDouble(), availability, 9);
            var incidents = await InstantAsync(prometheus, $"last_over_time(insights_incidents{{scope=\"team\",team=\"{team}\",window=\"1d\"}}[1h])", at);
            Assert.Equal(row.GetProperty("incidents").GetInt32(), incidents);
        }
        // DORA is in the history too, as of midnight of each day: deployments per day over the 7 days before 2026-01-09
        // equal what `insights dora` counts for that window (the org's: the sum of its services', each deployment being
        // one service's; per service, the deployment annotations are checked against them below).
        var dora = await InsightsExe.RunAsync(work.Path,
            ["dora", "--data", work.Sub("data"), "--scope", "service", "--from", "2026-01-02", "--to", "2026-01-09", "--format", "json"]);
        Assert.True(dora.ExitCode == 0, dora.ToString());
        var perService = JsonDocument.Parse(dora.Stdout).RootElement.EnumerateArray()
            .Select(r => (Team: r.GetProperty("team").GetString()!, Service: r.GetProperty("name").GetString()!, Deployments: r.GetProperty("deployments").GetInt64()))
            .ToList();
        var deployments = perService.Sum(r => r.Deployments);
        Assert.True(deployments > 0, dora.Stdout);
        var frequency = await InstantAsync(prometheus, "last_over_time(insights_dora_deployment_frequency{scope=\"org\",window=\"7d\"}[1h])", at);
        Assert.Equal(deployments / 7.0, frequency, 9);
        // Every hour of the history is there: a graph over it has no gaps (the day before 00:30 holds 01:00 … 00:00).
        var hours = await InstantAsync(prometheus, "count_over_time(insights_availability_ratio{scope=\"org\",window=\"1d\"}[1d])", new DateTimeOffset(2026, 1, 10, 0, 30, 0, TimeSpan.Zero));
        Assert.Equal(24, hours);
        // Budgets too, each day as it stood then: the last day's point is what `insights budget` says now, the day before has its own.
        var budgetNow = await InsightsExe.RunAsync(work.Path, ["budget", "--data", work.Sub("data"), "--format", "json"], budget);
        Assert.True(budgetNow.ExitCode == 0, budgetNow.ToString());
        var assessed = JsonDocument.Parse(budgetNow.Stdout).RootElement.EnumerateArray().Single();
        var ratioQuery = $"last_over_time(insights_budget_ratio{{scope=\"team\",team=\"{budgetTeam}\"}}[1h])";
        var lastDay = await InstantAsync(prometheus, ratioQuery, new DateTimeOffset(2026, 1, 10, 0, 30, 0, TimeSpan.Zero));
        Assert.Equal(assessed.GetProperty("forecast").GetDouble() / 1000.0, lastDay, 9);
        var dayBefore = await InstantAsync(prometheus, ratioQuery, new DateTimeOffset(2026, 1, 9, 0, 30, 0, TimeSpan.Zero));
        Assert.True(dayBefore > 0, $"the budget ratio as of 2026-01-08 is {dayBefore}");

        await EveryDeploymentIsOneMarkOfTheServiceDashboardAsync(perService, prometheus);
    }

    /// <summary>
    /// Each past production deployment is a mark of the Service dashboard's deployment annotation: its expression, run as
    /// Grafana runs it (<c>query_range</c>, the value read as the time in milliseconds), returns one distinct finish per
    /// successful production deployment that <c>insights dora</c> counts for the service on the history's first day
    /// (2026-01-08, the demo's first; <paramref name="perService"/> is the week before 2026-01-09).
    /// </summary>
    private static async Task EveryDeploymentIsOneMarkOfTheServiceDashboardAsync(
        IReadOnlyList<(string Team, string Service, long Deployments)> perService, PrometheusProcess prometheus)
    {
        var (from, to) = (new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 9, 0, 0, 0, TimeSpan.Zero));
        var dashboard = InsightsDashboards.All(DashboardSettings.Default).Single(d => d.Uid == DashboardUids.Service);
        var marks = 0L;
        foreach (var (team, service, deployments) in perService)
        {
            var values = new Dictionary<string, string> { ["team"] = team, ["service"] = service };
            var expr = DashboardQueries.Expressions(dashboard, values).Single(e => e.RefId == ServiceDashboard.Deployments.Name).Expr;
            var text = await prometheus.Http.GetStringAsync(
                $"/api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={from.ToUnixTimeSeconds()}&end={to.ToUnixTimeSeconds()}&step=60");
            using var json = JsonDocument.Parse(text);
            var finishes = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .SelectMany(series => series.GetProperty("values").EnumerateArray())
                .Select(v => (long)double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture))
                .Where(ms => ms >= from.ToUnixTimeMilliseconds() && ms < to.ToUnixTimeMilliseconds())
                .Distinct().Count();
            Assert.True(deployments == finishes, $"{service}: insights dora counts {deployments} deployments but the annotation has {finishes} marks: {text}");
            marks += finishes;
        }
        Assert.True(marks > 2, $"only {marks} deployments marked");
    }

    private static async Task<double> InstantAsync(PrometheusProcess prometheus, string promql, DateTimeOffset at)
    {
        var text = await prometheus.Http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}&time={at.ToUnixTimeSeconds()}");
        using var json = JsonDocument.Parse(text);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{promql} at {at:O}: {text}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
