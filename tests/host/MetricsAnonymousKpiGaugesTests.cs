using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>Insights:Metrics:AnonymousKpiGauges</c>: true gives an anonymous scrape every team's KPI gauges again (a closed
/// network where only the scraper reaches the port); a value that is not a boolean stops start-up naming the key.
/// </summary>
public sealed class MetricsAnonymousKpiGaugesTests
{
    [Fact]
    public async Task The_option_restores_the_kpi_gauges_to_an_anonymous_scrape()
    {
        var demo = await SharedDemo.GetAsync();
        using var work = new TempDir("metrics-anonymous");
        demo.CopyDataTo(work.Sub("data"));
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), new Dictionary<string, string>
        {
            ["Insights__Metrics__AnonymousKpiGauges"] = "true",
            ["Insights__Dashboards__KpiRefresh"] = "00:00:05",
        }, TimeSpan.FromMinutes(3));

        var text = await KpiMetricsTests.RefreshedMetricsAsync(server, token: null);

        foreach (var team in demo.Manifest.Teams.Take(2).Select(t => t.Name))
        {
            Assert.Matches("(?m)^insights_cost_daily\\{[^}]*team=\"" + System.Text.RegularExpressions.Regex.Escape(team) + "\"", text);
        }
        Assert.Matches("(?m)^insights_availability_ratio\\{scope=\"org\"", text);
        using var kpi = await server.GetAsync("/metrics?families=kpi");
        Assert.Equal(System.Net.HttpStatusCode.OK, kpi.StatusCode);
    }

    [Fact]
    public async Task A_value_that_is_not_a_boolean_fails_start_up_naming_the_key()
    {
        using var work = new TempDir("metrics-bad-option");

        var result = await InsightsExe.RunAsync(work.Path, ["serve", "--urls", $"http://127.0.0.1:{PrometheusProcess.FreePort()}", "--data", work.Sub("data")],
            new Dictionary<string, string> { ["Insights__Metrics__AnonymousKpiGauges"] = "sometimes" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Insights:Metrics:AnonymousKpiGauges", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
