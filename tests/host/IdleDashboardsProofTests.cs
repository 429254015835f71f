using System.Diagnostics;
using System.Text.Json;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Demo;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The idle-resource panels, which the two-day proof (<see cref="DashboardsPrometheusProofTests"/>) can only parse: their
/// rules need 7–15 days of utilisation. Over a 16-day demo, <c>insights serve</c> exports the detector's gauges, Debian's
/// real Prometheus scrapes them, and every idle expression of every generated dashboard returns data for every team the
/// idle API has findings with savings for.
/// </summary>
public sealed class IdleDashboardsProofTests
{
    [Fact]
    public async Task Every_idle_panel_expression_returns_data_for_every_team_once_the_rules_have_had_their_full_window()
    {
        using var work = new TempDir("idle-proof");
        var demo = await InsightsExe.RunAsync(work.Path,
            ["demo", "--teams", "2", "--services", "5", "--days", "16", "--seed", "7", "--end", "2026-01-10", "--data", work.Sub("data"), "--out", work.Sub("in")],
            timeout: TimeSpan.FromMinutes(6));
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var manifest = await DemoGenerator.ReadManifestAsync(work.Sub("in"));

        const string token = "idle-proof-admin-token-0123456789";
        await using var prometheus = await PrometheusProcess.StartAsync(work.Path, "global:\n  scrape_interval: 1s\n", ["--web.enable-lifecycle"]);
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), new Dictionary<string, string>
        {
            ["Insights__Server__Tokens__0__Name"] = "admin",
            ["Insights__Server__Tokens__0__Token"] = token,
            ["Insights__Server__Tokens__0__Scopes__0"] = "admin",
            ["Insights__Dashboards__KpiRefresh"] = "00:00:05",
        });
        var tokenFile = work.Write("token", token);
        await prometheus.ScrapeInsightsAsync(server.BaseUrl, tokenFile);

        // The teams the idle API has findings with savings for: each must see its savings and resources in every idle panel.
        using var response = await server.GetAsync("/api/v1/idle-resources?limit=1000", token);
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, page);
        using var pageJson = JsonDocument.Parse(page);
        var teams = pageJson.RootElement.GetProperty("items").EnumerateArray().Where(f => f.GetProperty("monthlySavings").ValueKind == JsonValueKind.Number)
            .Select(f => f.GetProperty("team").GetString()!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(manifest.Teams.Select(t => t.Name).Order(StringComparer.Ordinal), teams);

        var clock = Stopwatch.StartNew();
        while ((await prometheus.QueryAsync("count_over_time(insights_idle_savings_monthly[1m]) >= 3")).Count < teams.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"no idle gauges scraped within 120 s\n{prometheus}\n{server}");
            await Task.Delay(500);
        }

        var dashboards = InsightsDashboards.All(DashboardSettings.Default);
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var empty = new List<string>();
        var checkedCount = 0;
        foreach (var team in teams)
        {
            var service = manifest.Services.First(s => s.Team == team).Name;
            foreach (var expression in DashboardQueries.Expressions(dashboards, new Dictionary<string, string> { ["team"] = team, ["service"] = service }).Where(e => e.Pending))
            {
                checkedCount++;
                var body = await prometheus.Http.GetStringAsync(
                    $"/api/v1/query_range?query={Uri.EscapeDataString(expression.Expr)}&start={end - 60}&end={end}&step=5");
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() == 0)
                {
                    empty.Add($"{expression.DashboardUid} / {expression.PanelTitle} ({expression.RefId}) for team {team}: {expression.Expr}");
                }
            }
        }
        Assert.True(empty.Count == 0, $"{empty.Count} of {checkedCount} idle expressions returned no data:\n{string.Join('\n', empty)}");
        // The idle dashboard's six panels and the team dashboard's savings stat, per team.
        Assert.True(checkedCount >= 7 * teams.Count, $"only {checkedCount} idle expressions checked");
    }
}
