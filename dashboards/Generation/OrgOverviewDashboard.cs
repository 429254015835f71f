using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Organisation overview for leadership: the seed's KPIs against their targets, their trends per team (click a team
/// to open it) and the worst services (click to open the service).
/// </summary>
public static class OrgOverviewDashboard
{
    public static Dashboard Build(DashboardSettings settings)
    {
        var money = settings.MoneyUnit;
        var currency = settings.CurrencyMatcher;
        var layout = new DashboardLayout()
            .Row("Targets")
            .Add(
                Panels.Stat("Availability", new("insights_availability_ratio{scope=\"org\",window=\"$window\"}", "availability"), "percentunit",
                    SeedTargets.AvailabilityThresholds, decimals: 3, description: "Availability of the organisation over the window; target 99.9 %."),
                Panels.Stat("Error budget left", new("insights_error_budget_remaining_ratio{scope=\"org\",window=\"$window\"}", "budget left"), "percentunit",
                    SeedTargets.ErrorBudgetThresholds, decimals: 1, description: "Share of the error budget left; negative when overspent."),
                Panels.Stat("Median recovery", new("insights_recovery_median_seconds{scope=\"org\",window=\"$window\"}", "median recovery"), "s",
                    SeedTargets.RecoveryThresholds, description: "Median time from an incident's start to its recovery; target under 5 minutes."),
                Panels.Stat("Cost vs baseline", new("insights_cost_change_vs_baseline_ratio{scope=\"org\"}", "change"), "percentunit",
                    SeedTargets.CostChangeThresholds, decimals: 1, description: "Per-day cost against the configured baseline period; target −25 %."),
                Panels.Stat("Adoption", new(OrgQueries.Adoption, "adoption"), "percentunit", SeedTargets.AdoptionThresholds, decimals: 1,
                    description: "Share of catalog services (insights_service_info) that deployed in the last 30 days; target 95 %."),
                Panels.Stat("Open incidents", new("insights_open_incidents{scope=\"org\"}", "open"), "none", Thresholds.Below(1)))
            .Add(
                Panels.Stat("DORA bands", new("insights_dora_band{scope=\"org\",window=\"$dora_window\"}", "{{key}}"), "none",
                    SeedTargets.DoraBandThresholds, w: 12, mappings: [SeedTargets.DoraBands],
                    description: "DORA performance band per key: Elite, High, Medium, Low."),
                Panels.Stat("Cost (last complete day)", new($"insights_cost_daily{{scope=\"org\",{currency}}}", "cost"), money, Thresholds.Neutral()),
                Panels.Stat("Month-end forecast", new($"insights_cost_forecast_month{{scope=\"org\",{currency}}}", "forecast"), money, Thresholds.Neutral()),
                Panels.Stat("Unallocated cost", new("insights_cost_unallocated_ratio", "unallocated"), "percentunit", Thresholds.Below(0.05, atOrAbove: "orange"),
                    decimals: 1, description: "Share of cost no team owns (no catalog cost-tag, tag or account mapping)."))
            .Row("Trends by team")
            .Add(
                Panels.TimeSeries("Availability by team", [new("insights_availability_ratio{scope=\"team\",window=\"$window\"}", "{{team}}")], "percentunit",
                    thresholds: Thresholds.AtLeast(SeedTargets.Availability), targetLine: true, links: [Drilldown.TeamOfSeries()],
                    description: "Rolling availability per team; the line is the 99.9 % target. Click a series to open the team."),
                Panels.TimeSeries("Cost vs baseline by team", [new("insights_cost_change_vs_baseline_ratio{scope=\"team\"}", "{{team}}")], "percentunit",
                    thresholds: SeedTargets.CostChangeThresholds, targetLine: true, links: [Drilldown.TeamOfSeries()],
                    description: "Per-day cost against the baseline; the target is −25 %."),
                Panels.TimeSeries("Daily cost by team", [new($"insights_cost_daily{{scope=\"team\",{currency}}}", "{{team}}")], money, stacked: true,
                    links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Median recovery by team", [new("insights_recovery_median_seconds{scope=\"team\",window=\"$window\"}", "{{team}}")], "s",
                    thresholds: SeedTargets.RecoveryThresholds, targetLine: true, links: [Drilldown.TeamOfSeries()]))
            .Row("Platform")
            .Add(
                Panels.Stat("Self-service", new("insights_self_service_ratio{scope=\"org\",window=\"30d\"}", "self-service"), "percentunit",
                    SeedTargets.SelfServiceThresholds, decimals: 1, description: "Share of environments provisioned self-service over 30 days; target 90 %."),
                Panels.Stat("Environment setup (median)", new("insights_environment_setup_p50_seconds{scope=\"org\",window=\"30d\"}", "median setup"), "s",
                    Thresholds.Neutral(), description: "Median time to provision an environment over 30 days; the target is 40 % faster than the baseline."),
                Panels.Stat("CI build success", new("insights_ci_build_success_ratio{scope=\"org\",window=\"30d\"}", "success"), "percentunit",
                    Thresholds.AtLeast(0.9), decimals: 1, description: "CI builds that succeeded over 30 days."),
                Panels.Stat("CI build p95", new("insights_ci_build_duration_p95_seconds{scope=\"org\",window=\"30d\"}", "p95"), "s", Thresholds.Neutral()),
                Panels.Stat("Catalog services", new("count(insights_service_info)", "services"), "none", Thresholds.Neutral(),
                    description: "Services in the catalog (catalog-info.yaml), the denominator of adoption."))
            .Add(
                Panels.TimeSeries("Adoption by team", [new("insights_platform_adoption_ratio{scope=\"team\",window=\"30d\"}", "{{team}}")], "percentunit", w: 24,
                    thresholds: SeedTargets.AdoptionThresholds, targetLine: true, links: [Drilldown.TeamOfSeries()], min: 0, max: 1,
                    description: "Share of each team's catalog services that deployed through the platform in the last 30 days; the line is the 95 % target."))
            .Row("Worst services")
            .Add(
                Panels.BarGauge("Lowest availability", new("bottomk(10, insights_availability_ratio{scope=\"service\",window=\"$window\"})", "{{team}} / {{service}}"),
                    "percentunit", SeedTargets.AvailabilityThresholds, w: 12, min: 0.99, max: 1, links: [Drilldown.ServiceOfSeries()]),
                Panels.BarGauge("Highest burn rate (1h)", new("topk(10, insights_burn_rate{burn_window=\"1h\"})", "{{team}} / {{service}}"),
                    "x", SeedTargets.BurnRateThresholds, w: 12, min: 0, links: [Drilldown.ServiceOfSeries()],
                    description: "Error budget burn over the last hour: 1× spends the budget exactly in the SLO period; 14.4× pages."))
            .Add(TeamTable.Build(settings));
        return DashboardShell.Create(DashboardUids.Org, "Insights · Organisation",
            "The seed's KPIs against their targets, trends per team and the worst services.",
            [Variables.WindowVariable(), Variables.DoraWindowVariable()], layout, ["leadership"]);
    }
}
