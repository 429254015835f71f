using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>Every number in the report equals the KPI query it comes from, for the same period (one test per section).</summary>
public sealed class ReportNumbersTests : IDisposable
{
    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    private Task<Report> WeeklyAsync(string? team = null) => _store.Get<ReportBuilder>().BuildAsync(
        new ReportRequest(team is null ? ReportKind.Weekly : ReportKind.Team, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47"), team), CancellationToken.None);

    [Fact]
    public async Task Uptime_scorecard_and_tables_equal_the_uptime_kpi_and_incident_queries_for_the_week_and_the_week_before()
    {
        await Seed.UptimeAsync(_store);
        var report = await WeeklyAsync();

        var kpis = _store.Get<UptimeKpiQuery>();
        var org = (await kpis.ComputeAsync(UptimeScope.Org, null, "window", Seed.W47, Seed.W48, null, CancellationToken.None)).Rows[0];
        var before = (await kpis.ComputeAsync(UptimeScope.Org, null, "window", Seed.W46, Seed.W47, null, CancellationToken.None)).Rows[0];
        var availability = report.Scorecard.Single(r => r.Kpi == UptimeSection.AvailabilityKpi);
        Assert.Equal(org.Availability, availability.Value);
        Assert.Equal(before.Availability, availability.Previous);
        Assert.Equal(0.999, availability.Target!.Value, 12);
        Assert.Equal(KpiStatus.OnTrack, availability.Status); // 15 of 20,160 service-minutes down: 99.926 %
        var incidents = await _store.Get<IncidentQuery>().StartedInAsync(Seed.W47, Seed.W48, null, null, CancellationToken.None);
        var longOnes = report.Scorecard.Single(r => r.Kpi == UptimeSection.LongIncidentsKpi);
        Assert.Equal(incidents.Count(i => i.Duration > TimeSpan.FromMinutes(5)), (int)longOnes.Value!.Value);
        Assert.Equal(1, longOnes.Value);
        Assert.Equal(1, longOnes.Previous);
        var recovered = report.Scorecard.Single(r => r.Kpi == UptimeSection.RecoveryKpi);
        Assert.Equal(org.Recovery.RecoveredWithinTargetShare, recovered.Value);
        Assert.Equal(0.5, recovered.Value);

        var teams = (await kpis.ComputeAsync(UptimeScope.Team, null, "window", Seed.W47, Seed.W48, null, CancellationToken.None)).Rows;
        var table = report.Tables.Single(t => t.Id == "availability-by-team");
        Assert.Equal(teams.Select(t => t.Name), table.Rows.Select(r => r[0]));
        Assert.Equal(teams.Select(t => ReportFormat.Percent(t.Availability, 3)), table.Rows.Select(r => r[1]));
        var chart = report.Charts.Single(c => c.Id == "availability-by-team");
        Assert.Equal(teams.Select(t => t.Availability * 100), chart.Series[0].Values);
        Assert.Equal(incidents.Count, report.Tables.Single(t => t.Id == "incidents").Rows.Count);
        var breach = Assert.Single(report.Highlights, h => h.Text.StartsWith("Team a missed", StringComparison.Ordinal));
        Assert.Equal(teams.Single(t => t.Name == "a").Availability, breach.Number);
    }

    [Fact]
    public async Task Cost_scorecard_and_tables_equal_the_cost_change_trend_and_anomaly_queries_for_the_week()
    {
        await Seed.BillingAsync(_store);
        var report = await WeeklyAsync();

        var change = await _store.Get<CostChangeQuery>().CompareAsync(Seed.W47, Seed.W48, CostBasis.Effective, null, CancellationToken.None);
        var previous = await _store.Get<CostChangeQuery>().CompareAsync(Seed.W46, Seed.W47, CostBasis.Effective, null, CancellationToken.None);
        var all = change.Single(r => r.Team == "(all)");
        var spend = report.Scorecard.Single(r => r.Kpi == "Spend (USD)");
        Assert.Equal((double)all.Cost, spend.Value);
        Assert.Equal(7 * 180.0, spend.Value);
        Assert.Equal((double)previous.Single(r => r.Team == "(all)").Cost, spend.Previous);
        var baseline = report.Scorecard.Single(r => r.Kpi == "Cost change vs baseline (USD)");
        Assert.Equal(all.ChangeVsBaseline, baseline.Value);
        Assert.Equal(180.0 / 150 - 1, baseline.Value!.Value, 12);
        Assert.Equal(KpiStatus.OffTrack, baseline.Status);
        Assert.Equal(-0.25, baseline.Target);

        var mover = report.Tables.Single(t => t.Id == "top-cost-movers").Rows[0];
        Assert.Equal(["a", "USD", ReportFormat.SignedMoney(7 * 30m, "USD")], mover.Take(3));
        var highlight = Assert.Single(report.Highlights, h => h.Source == "table top-cost-movers, row a");
        Assert.Equal(210.0, highlight.Number);

        var trend = await _store.Get<CostTrendQuery>().EveryAsync(CostInterval.Week, CostDimension.Team, Seed.W47.AddDays(-49), Seed.W48, null, CancellationToken.None);
        var chart = report.Charts.Single(c => c.Id == "cost-trend-by-team");
        Assert.Equal(8, chart.Categories.Count);
        Assert.Equal("2026-W47", chart.Categories[^1]);
        Assert.Equal((double)trend.Single(r => r.Group == "a" && r.Period == DateOnly.FromDateTime(Seed.W47)).EffectiveCost, chart.Series.Single(s => s.Name == "a").Values[^1]);
        var anomalies = await _store.Get<CostAnomalyQuery>().DetectAsync(Seed.W47, Seed.W48, CostBasis.Effective, null, CancellationToken.None);
        Assert.Equal(anomalies.Count, report.Tables.Single(t => t.Id == "anomalies").Rows.Count);
    }

    [Fact]
    public async Task Missing_data_is_shown_as_missing_with_the_reason_never_as_zero()
    {
        using var empty = new ReportStore();
        var report = await empty.Get<ReportBuilder>().BuildAsync(new ReportRequest(ReportKind.Weekly, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47")), CancellationToken.None);

        Assert.All(report.Scorecard, r => Assert.Equal(KpiStatus.Missing, r.Status));
        Assert.All(report.Scorecard, r => Assert.Null(r.Value));
        Assert.All(report.Scorecard, r => Assert.False(string.IsNullOrWhiteSpace(r.Missing)));
        Assert.Contains(report.Scorecard, r => r.Kpi == "DORA deployment frequency band" && r.Missing == "missing: no successful production deployments in the period");
        Assert.Contains(report.Scorecard, r => r.Kpi == "Self-service share of tasks" && r.Missing == "missing: no environment provisioning events in the period");
        Assert.Contains(report.Scorecard, r => r.Kpi == UptimeSection.AvailabilityKpi && r.Missing!.Contains("no SLI samples", StringComparison.Ordinal));
        Assert.Contains(report.Scorecard, r => r.Kpi == CostSection.BudgetsKpi && r.Missing!.Contains("Insights:Cost:Budgets", StringComparison.Ordinal));
        Assert.DoesNotContain("USD 0.00", Rendering.MarkdownReportRenderer.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_team_report_holds_only_that_teams_numbers()
    {
        await Seed.UptimeAsync(_store);
        await Seed.BillingAsync(_store);
        var report = await WeeklyAsync("b");

        Assert.Equal("team-2026-W47-b", report.Id);
        Assert.Equal(7 * 50.0, report.Scorecard.Single(r => r.Kpi == "Spend (USD)").Value);
        Assert.Equal(["b"], report.Tables.Single(t => t.Id == "availability-by-team").Rows.Select(r => r[0]));
        Assert.All(report.Tables.Single(t => t.Id == "incidents").Rows, r => Assert.Equal("db", r[0]));
    }
}
