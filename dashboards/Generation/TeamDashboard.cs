using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>One team (variable <c>team</c>): its KPIs, its services' availability and error budgets, DORA, cost against
/// budget and idle savings; every service links to its own dashboard. Its services' successful production deployments are
/// annotations (failed ones only on the service dashboard: a team's many services would crowd the graphs).</summary>
public static class TeamDashboard
{
    public static Annotation Deployments { get; } =
        DeploymentAnnotations.For("Deployments", "team=\"$team\"", "success", "blue", "Deployed {{service}}");

    public static Dashboard Build(DashboardSettings settings)
    {
        var money = settings.MoneyUnit;
        var c = settings.CurrencyMatcher;
        const string t = "team=\"$team\"";
        var layout = new DashboardLayout()
            .Row("$team")
            .Add(
                Panels.Stat("Availability", new($"insights_availability_ratio{{scope=\"team\",{t},window=\"$window\"}}", "availability"), "percentunit",
                    SeedTargets.AvailabilityThresholds, decimals: 3),
                Panels.Stat("Error budget left", new($"insights_error_budget_remaining_ratio{{scope=\"team\",{t},window=\"$window\"}}", "budget left"),
                    "percentunit", SeedTargets.ErrorBudgetThresholds, decimals: 1),
                Panels.Stat("Incidents", new($"insights_incidents{{scope=\"team\",{t},window=\"$window\"}}", "incidents"), "none", Thresholds.Below(1, atOrAbove: "orange")),
                Panels.Stat("Median recovery", new($"insights_recovery_median_seconds{{scope=\"team\",{t},window=\"$window\"}}", "median recovery"), "s",
                    SeedTargets.RecoveryThresholds),
                Panels.Stat("Cost vs baseline", new($"insights_cost_change_vs_baseline_ratio{{scope=\"team\",{t}}}", "change"), "percentunit",
                    SeedTargets.CostChangeThresholds, decimals: 1),
                Panels.Stat("Forecast ÷ budget", new($"insights_budget_ratio{{scope=\"team\",{t}}}", "budget use"), "percentunit",
                    SeedTargets.BudgetRatioThresholds, decimals: 0))
            .Row("Services")
            .Add(ServiceTable.Build("Services of $team", t, settings, withCost: true))
            .Add(
                Panels.TimeSeries("Availability by service", [new($"insights_availability_ratio{{scope=\"service\",{t},window=\"$window\"}}", "{{service}}")],
                    "percentunit", thresholds: Thresholds.AtLeast(SeedTargets.Availability), targetLine: true, links: [Drilldown.ServiceOfSeries()]),
                Panels.TimeSeries("Error budget left by service",
                    [new($"insights_error_budget_remaining_ratio{{scope=\"service\",{t},window=\"$window\"}}", "{{service}}")], "percentunit",
                    thresholds: SeedTargets.ErrorBudgetThresholds, targetLine: true, links: [Drilldown.ServiceOfSeries()]))
            .Row("DORA")
            .Add(DoraPanels.Build($"scope=\"team\",{t}"))
            .Row("Cost")
            .Add(
                Panels.TimeSeries("Daily cost by service", [new($"insights_cost_daily{{scope=\"service\",{t},{c}}}", "{{service}}")], money, stacked: true,
                    links: [Drilldown.ServiceOfSeries()]),
                Panels.TimeSeries("Month to date, forecast and budget",
                    [
                        new($"insights_cost_month_to_date{{scope=\"team\",{t},{c}}}", "month to date"),
                        new($"insights_cost_forecast_month{{scope=\"team\",{t},{c}}}", "forecast"),
                        new($"max by (team) (insights_budget_amount{{scope=\"team\",{t},{c}}})", "budget"),
                    ], money),
                IdlePanels.TeamSavings(settings));
        return DashboardShell.Create(DashboardUids.Team, "Insights · Team",
            "One team: its services' availability and error budgets, DORA, cost against budget and idle savings.",
            [Variables.TeamVariable(), Variables.WindowVariable(), Variables.DoraWindowVariable()], layout, ["team"],
            annotations: [Deployments]);
    }
}
