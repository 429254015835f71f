using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>
/// The DORA part of the report comes from <see cref="DoraQuery"/> for the same period (no second implementation), bands
/// read as names, and the highlights — incidents with their preceding deployment, service cost movers, band changes —
/// each point at a number in the report.
/// </summary>
public sealed class DoraAndHighlightTests : IDisposable
{
    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    private async Task<Report> WeeklyAsync(string? team = null)
    {
        await Seed.UptimeAsync(_store);
        await Seed.DeploymentsAsync(_store);
        return await _store.Get<ReportBuilder>().BuildAsync(
            new ReportRequest(team is null ? ReportKind.Weekly : ReportKind.Team, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47"), team), CancellationToken.None);
    }

    private Task<IReadOnlyList<DoraRow>> DoraAsync(UptimeScope scope, string? team, DateTime from, DateTime to) =>
        _store.Get<DoraQuery>().ForAsync(scope, null, team, new UptimeWindow("w", from, to), DoraBenchmarks.Report2023, CancellationToken.None);

    [Fact]
    public async Task The_dora_scorecard_rows_table_and_chart_equal_dora_query_for_the_week_and_the_week_before()
    {
        var report = await WeeklyAsync();

        var org = (await DoraAsync(UptimeScope.Org, null, Seed.W47, Seed.W48)).Single();
        var orgBefore = (await DoraAsync(UptimeScope.Org, null, Seed.W46, Seed.W47)).Single();
        foreach (var (kpi, band) in new (string, Func<DoraBands, DoraBand?>)[]
        {
            ("DORA deployment frequency band", b => b.DeploymentFrequency), ("DORA lead time band", b => b.LeadTime),
            ("DORA change failure rate band", b => b.ChangeFailureRate), ("DORA recovery time band", b => b.FailedDeploymentRecovery),
        })
        {
            var row = report.Scorecard.Single(r => r.Kpi == kpi);
            Assert.Equal(KpiUnit.Band, row.Unit);
            Assert.Equal(DeliveryScorecard.BandValue(band(org.Bands)), row.Value);
            Assert.Equal(DeliveryScorecard.BandValue(band(orgBefore.Bands)), row.Previous);
            Assert.Equal(band(org.Bands)?.ToString(), row.ValueName);
        }
        Assert.Equal((DoraBand?)DoraBand.Elite, org.Bands.LeadTime);         // median of 2h, 2h, 30 days
        Assert.Equal((DoraBand?)DoraBand.Medium, orgBefore.Bands.LeadTime);  // median of 1h, 10 days, 10 days

        var teams = await DoraAsync(UptimeScope.Team, null, Seed.W47, Seed.W48);
        var table = report.Tables.Single(t => t.Id == DoraSection.TableId);
        Assert.Equal(teams.Select(t => t.Name), table.Rows.Select(r => r[0]));
        Assert.Equal(teams.Select(t => ReportFormat.Count(t.Deployments)), table.Rows.Select(r => r[1]));
        Assert.Equal(teams.Select(t => $"{t.DeploymentFrequency:0.#} days/week, {t.Bands.DeploymentFrequency}"), table.Rows.Select(r => r[2]));
        Assert.Equal(teams.Select(t => $"{ReportFormat.Percent(t.ChangeFailureRate, 1)} ({t.FailedDeployments}/{t.Deployments}), {t.Bands.ChangeFailureRate}"), table.Rows.Select(r => r[4]));
        var chart = report.Charts.Single(c => c.Id == DoraSection.ChartId);
        Assert.Equal(teams.Select(t => t.Name), chart.Categories);
        Assert.Equal(["Low", "Medium", "High", "Elite"], chart.Levels);
        for (var k = 0; k < DoraSection.Keys.Count; k++)
        {
            Assert.Equal(teams.Select(t => DeliveryScorecard.BandValue(DoraSection.Keys[k].Band(t.Bands))), chart.Series[k].Values);
        }
        // db: lead time 1 hour → 30 days; its W47 deployment was followed by its outage, W46's by none.
        Assert.Equal("lead time Elite → Low; change failure rate Elite → Low", table.Rows.Single(r => r[0] == "b")[6]);
    }

    [Fact]
    public async Task Band_changes_are_highlighted_by_name_for_the_org_and_for_a_team_that_fell()
    {
        var report = await WeeklyAsync();

        var org = Assert.Single(report.Highlights, h => h.Source == "scorecard DORA lead time band");
        Assert.Equal("DORA lead time band rose from Medium to Elite vs 2026-W46.", org.Text);
        Assert.Equal(4, org.Number);
        var team = report.Highlights.Where(h => h.Source == "table dora-by-team, row b").ToList();
        Assert.Equal(["Team b: change failure rate band fell from Elite to Low.", "Team b: lead time band fell from Elite to Low."], team.Select(h => h.Text).Order(StringComparer.Ordinal));
        Assert.All(team, h => Assert.Equal(1, h.Number));
        Assert.DoesNotContain(report.Highlights, h => h.Source == "table dora-by-team, row a" && h.Text.Contains("fell", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_incident_over_five_minutes_names_the_deployment_before_it_within_the_window()
    {
        var report = await WeeklyAsync();

        var incidents = report.Tables.Single(t => t.Id == UptimeSection.IncidentsTable);
        var web = incidents.Rows.Single(r => r[0] == "web");
        Assert.Equal("web-47-1 1.2.0, 2h 0m before", web[5]);
        var db = incidents.Rows.Single(r => r[0] == "db");
        Assert.Equal("none in the preceding 24h 0m", db[5]); // db-47-1 finished 2.6 days before db's outage
        var start = ReportFormat.Utc(Seed.W47.AddDays(2).AddHours(10));
        var highlight = Assert.Single(report.Highlights, h => h.Source == $"table incidents, row web {start}");
        Assert.Equal($"web was down 12m 0s from {start}, 2h 0m after deployment web-47-1 (version 1.2.0).", highlight.Text);
        Assert.Equal(12, highlight.Number);
        Assert.Equal(web[3], ReportFormat.Duration(highlight.Number));
    }

    [Fact]
    public async Task The_cost_movers_by_service_name_the_service_and_its_team_and_the_biggest_increase_is_highlighted()
    {
        await Seed.BillingAsync(_store);
        var report = await WeeklyAsync();

        var movers = report.Tables.Single(t => t.Id == ServiceCostMovers.TableId);
        Assert.Equal(["web", "a", "USD", ReportFormat.SignedMoney(7 * 30m, "USD"), "+30.0 %", ReportFormat.Money(7 * 130m, "USD"), ReportFormat.Money(7 * 100m, "USD")], movers.Rows[0]);
        Assert.Single(movers.Rows); // db cost the same both weeks: not a mover
        var highlight = Assert.Single(report.Highlights, h => h.Source == "table top-cost-movers-by-service, row web");
        Assert.Equal("Service web (team a) cost +USD 210.00 more than in 2026-W46 (+30.0 % per day).", highlight.Text);
        Assert.Equal(210.0, highlight.Number);
    }

    [Fact]
    public async Task Bands_read_as_names_in_html_markdown_and_the_webhook_and_csv_and_json_keep_value_and_name()
    {
        var report = await WeeklyAsync();
        var row = report.Scorecard.Single(r => r.Kpi == "DORA lead time band");

        var html = HtmlReportRenderer.Render(report);
        Assert.Contains("<td>DORA lead time band</td><td class=\"num\">Elite</td><td class=\"num\">High</td><td class=\"num\">Medium</td>", html, StringComparison.Ordinal);
        Assert.Contains("| DORA lead time band | Elite | High | Medium | on track |", MarkdownReportRenderer.Render(report), StringComparison.Ordinal);
        var webhook = Delivery.WebhookMessage.Of(report, "http://x")["blocks"]![1]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("*DORA lead time band*: Elite (target High)", webhook, StringComparison.Ordinal);
        var csv = CsvReportRenderer.Render(report)[CsvReportRenderer.ScorecardFile].Split("\r\n");
        Assert.Equal("DORA lead time band,band,,4,3,2,on track,,Elite,High,Medium", csv.Single(l => l.StartsWith("DORA lead time band,", StringComparison.Ordinal)));
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonReportRenderer.Render(report))!["scorecard"]!.AsArray().Single(r => r!["kpi"]!.GetValue<string>() == row.Kpi)!;
        Assert.Equal(4, json["value"]!.GetValue<double>());
        Assert.Equal("Elite", json["valueName"]!.GetValue<string>());
        Assert.Equal("band", json["unit"]!.GetValue<string>());
        Assert.DoesNotContain("<td class=\"num\">4</td>", html, StringComparison.Ordinal);
    }
}
