using System.Net;
using System.Text.RegularExpressions;
using Platform.Insights.Dashboards.Kpis;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>/metrics</c> is public, but the KPI gauges on it are every team's cost and KPIs: an anonymous scrape gets the
/// pipeline's own metrics only, a read token every KPI series, a team-limited token its team's series only, and
/// <c>?families=kpi</c> / <c>?families=pipeline</c> one part each (SECURITY.md, "Who can read cost").
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityMetricsTests(SecurityFixture fixture)
{
    private static readonly HashSet<string> KpiFamilies = [.. KpiMetricCatalog.All.Select(m => m.Name)];

    [Fact]
    public async Task An_anonymous_scrape_has_the_pipeline_metrics_and_no_kpi_gauge()
    {
        await KpiMetricsTests.RefreshedMetricsAsync(fixture.Server, SecurityFixture.Reader);
        var text = await ScrapeAsync("/metrics", token: null);

        Assert.Matches("(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\} [1-9]", text);
        Assert.DoesNotContain("insights_cost_daily", text, StringComparison.Ordinal);
        Assert.DoesNotContain("insights_availability_ratio", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FamiliesOf(text), KpiFamilies.Contains);
        // A token without the read scope reads no more than no token.
        Assert.DoesNotContain("insights_cost_daily", await ScrapeAsync("/metrics", SecurityFixture.Ingester), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_token_scrape_has_every_teams_kpi_gauges()
    {
        var text = await KpiMetricsTests.RefreshedMetricsAsync(fixture.Server, SecurityFixture.Reader);

        foreach (var team in new[] { fixture.Team, fixture.OtherTeam })
        {
            Assert.Matches("(?m)^insights_cost_daily\\{[^}]*team=\"" + Regex.Escape(team) + "\"", text);
            Assert.Matches("(?m)^insights_availability_ratio\\{[^}]*team=\"" + Regex.Escape(team) + "\"", text);
            // Each team's deployments, for the deployment annotations.
            Assert.Matches("(?m)^insights_last_deployment_timestamp_seconds\\{team=\"" + Regex.Escape(team) + "\",service=\"[^\"]+\",env=\"production\",outcome=\"success\"\\} 17[0-9]{8}", text);
        }
        Assert.Matches("(?m)^insights_cost_daily\\{scope=\"org\",team=\"\"", text);
        Assert.Matches("(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\} [1-9]", text);
    }

    [Fact]
    public async Task A_team_token_scrape_has_only_its_teams_kpi_series()
    {
        await KpiMetricsTests.RefreshedMetricsAsync(fixture.Server, SecurityFixture.Reader);
        foreach (var openMetrics in new[] { false, true })
        {
            var text = await ScrapeAsync("/metrics", SecurityFixture.TeamReader, openMetrics);
            var kpiSamples = SamplesOf(text).Where(s => KpiFamilies.Contains(s.Family)).ToList();

            Assert.Contains(kpiSamples, s => s.Family == "insights_cost_daily");
            Assert.Contains(kpiSamples, s => s.Family == "insights_availability_ratio");
            Assert.Contains(kpiSamples, s => s.Family == "insights_last_deployment_timestamp_seconds");
            var foreign = kpiSamples.Where(s => !s.Line.Contains($"team=\"{fixture.Team}\"", StringComparison.Ordinal)).Select(s => s.Line).ToList();
            Assert.True(foreign.Count == 0, $"the {fixture.Team} token reads other series:\n{string.Join('\n', foreign.Take(20))}");
            Assert.DoesNotContain($"\"{fixture.OtherTeam}\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("insights_cost_unallocated_ratio{", text, StringComparison.Ordinal);
            Assert.Matches("(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\} [1-9]", text);
            if (openMetrics)
            {
                Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
                Assert.Single(Regex.Matches(text, "^# EOF$", RegexOptions.Multiline));
            }
        }
    }

    [Fact]
    public async Task Families_kpi_has_only_the_kpi_families_and_families_pipeline_none_of_them()
    {
        await KpiMetricsTests.RefreshedMetricsAsync(fixture.Server, SecurityFixture.Reader);
        foreach (var openMetrics in new[] { false, true })
        {
            var kpi = await ScrapeAsync("/metrics?families=kpi", SecurityFixture.Reader, openMetrics);
            var kpiFamilies = FamiliesOf(kpi);
            Assert.Contains("insights_cost_daily", kpiFamilies);
            Assert.Contains("insights_availability_ratio", kpiFamilies);
            Assert.DoesNotContain(kpiFamilies, f => !KpiFamilies.Contains(f));
            Assert.All(SamplesOf(kpi), s => Assert.Contains(s.Family, KpiFamilies));

            var pipeline = await ScrapeAsync("/metrics?families=pipeline", SecurityFixture.Reader, openMetrics);
            // OpenMetrics names a counter's family without its _total suffix.
            Assert.Contains(FamiliesOf(pipeline), f => f.StartsWith("insights_kpi_refreshes", StringComparison.Ordinal));
            Assert.DoesNotContain(FamiliesOf(pipeline), KpiFamilies.Contains);
            if (openMetrics)
            {
                Assert.EndsWith("\n# EOF\n", kpi, StringComparison.Ordinal);
                Assert.EndsWith("\n# EOF\n", pipeline, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Families_kpi_without_a_read_token_is_refused_and_a_bad_family_or_token_is_an_error()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/metrics?families=kpi", null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/metrics?families=kpi", SecurityFixture.Ingester));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/metrics", "not-a-token-0123456789abcdef"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync("/metrics?families=cost", SecurityFixture.Reader));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/metrics?families=pipeline", null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/metrics?families=kpi", SecurityFixture.TeamReader));
    }

    /// <summary>The names of the families an exposition declares (<c># TYPE name kind</c>).</summary>
    public static List<string> FamiliesOf(string text) =>
        [.. Regex.Matches(text, "^# TYPE (\\S+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value)];

    private static IEnumerable<(string Family, string Line)> SamplesOf(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => (Regex.Match(l, "^[a-zA-Z_:][a-zA-Z0-9_:]*").Value, l));

    private async Task<string> ScrapeAsync(string path, string? token, bool openMetrics = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        if (openMetrics)
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        }
        using var response = await fixture.Server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string? token)
    {
        using var response = await fixture.Server.GetAsync(path, token);
        return response.StatusCode;
    }
}
