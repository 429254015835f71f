using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The KPI gauges of <c>insights serve</c>'s /metrics over the shared demo: computed in the background, equal to the
/// KPI API's figures, labelled per scope, with cost per currency and the catalog as info series.
/// </summary>
public sealed class KpiMetricsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_served_kpi_gauges_equal_the_kpi_api_per_team_and_org()
    {
        var metrics = await RefreshedMetricsAsync(fixture.Secured, ServerFixture.AdminToken);
        var teams = await fixture.Secured.GetArrayAsync("/api/v1/kpi/uptime?scope=team&window=30d", ServerFixture.ReadToken);
        var org = Assert.Single(await fixture.Secured.GetArrayAsync("/api/v1/kpi/uptime?scope=org&window=7d", ServerFixture.ReadToken));

        foreach (var team in teams)
        {
            var name = team.GetProperty("name").GetString()!;
            Assert.Equal(team.GetProperty("availability").GetDouble(),
                Value(metrics, $"insights_availability_ratio{{scope=\"team\",team=\"{name}\",service=\"\",window=\"30d\"}}"), 9);
            Assert.Equal(team.GetProperty("incidents").GetInt32(),
                Value(metrics, $"insights_incidents{{scope=\"team\",team=\"{name}\",service=\"\",window=\"30d\"}}"));
        }
        Assert.Equal(org.GetProperty("errorBudgetRemaining").GetDouble(),
            Value(metrics, "insights_error_budget_remaining_ratio{scope=\"org\",team=\"\",service=\"\",window=\"7d\"}"), 9);
        Assert.Equal(0.999, Value(metrics, "insights_slo_target_ratio{scope=\"org\",team=\"\",service=\"\"}"), 9);
        Assert.Equal(fixture.Demo.Manifest.Services.Count, Regex.Count(metrics, "^insights_service_info\\{", RegexOptions.Multiline));
        Assert.Matches("(?m)^insights_burn_rate\\{team=\"[^\"]+\",service=\"[^\"]+\",burn_window=\"5m\"\\} ", metrics);
        Assert.Matches("(?m)^insights_cost_daily\\{scope=\"org\",team=\"\",service=\"\",currency=\"USD\"\\} [0-9.]+", metrics);
        Assert.Matches("(?m)^insights_cost_month_to_date\\{scope=\"team\",team=\"" + Regex.Escape(fixture.Team) + "\",currency=\"USD\"\\} ", metrics);
        Assert.Equal(1, Value(metrics, $"insights_budget_amount{{scope=\"team\",team=\"{fixture.Team}\",service=\"\",currency=\"USD\"}}"));
        Assert.DoesNotMatch("(?m)^insights_[a-z_]+\\{[^}]*resource", metrics);

        // DORA by DevLake's rules, as the delivery API computes it for the same 30 days.
        var dora = await fixture.Secured.GetArrayAsync("/api/v1/kpi/dora?scope=team&window=30d", ServerFixture.ReadToken);
        Assert.NotEmpty(dora);
        foreach (var team in dora)
        {
            var name = team.GetProperty("name").GetString()!;
            var labels = $"scope=\"team\",team=\"{name}\",service=\"\",window=\"30d\"";
            Assert.Equal(team.GetProperty("deployments").GetInt64() / 30.0, Value(metrics, $"insights_dora_deployment_frequency{{{labels}}}"), 9);
            if (team.GetProperty("leadTimeHours").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(team.GetProperty("leadTimeHours").GetDouble() * 3600, Value(metrics, $"insights_dora_lead_time_seconds{{{labels}}}"), 6);
            }
            else
            {
                Assert.DoesNotContain($"insights_dora_lead_time_seconds{{{labels}}}", metrics, StringComparison.Ordinal);
            }
        }
        Assert.Matches("(?m)^insights_dora_band\\{scope=\"org\",team=\"\",service=\"\",window=\"30d\",key=\"deployment_frequency\"\\} [1-4]$", metrics);
    }

    [Fact]
    public async Task An_openmetrics_scrape_holds_the_pipeline_and_the_kpi_families_and_ends_once()
    {
        await RefreshedMetricsAsync(fixture.Secured, ServerFixture.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        // The KPI gauges are for read tokens (SecurityMetricsTests); the scraper presents one.
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFixture.ReadToken);
        // What Prometheus sends: OpenMetrics first, the text format as the fallback.
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        using var response = await fixture.Secured.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(text, "^# EOF$", RegexOptions.Multiline));
        Assert.Matches("(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\} [1-9]", text);
        Assert.Matches("(?m)^insights_availability_ratio\\{scope=\"org\",team=\"\",service=\"\",window=\"30d\"\\} [0-9.]+", text);
        // Each family once: the KPI families come from their own rendered registry, not a second copy of the pipeline's.
        var families = Regex.Matches(text, "^# TYPE (\\S+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(families.Count, families.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>/metrics once the background computation has published at least once.</summary>
    public static async Task<string> RefreshedMetricsAsync(ServerProcess server, string? token)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await server.GetAsync("/metrics", token);
            var text = await response.Content.ReadAsStringAsync();
            if (Regex.IsMatch(text, "(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\} [1-9]"))
            {
                return text;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"no KPI refresh within 120 s:\n{text}\n{server}");
            await Task.Delay(500);
        }
    }

    public static double Value(string metrics, string series)
    {
        var match = Regex.Match(metrics, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{series} is not on /metrics");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
