using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>SLOs and error budgets: which services burn their budget (the SRE workbook's multiwindow alerts), the budget
/// left per service, and incidents and recovery per team.</summary>
public static class SloDashboard
{
    /// <summary>Services whose burn rate is over <paramref name="factor"/> in both a long and a short window (workbook alert rule).</summary>
    public static string Alerting(double factor, string longWindow, string shortWindow) =>
        FormattableString.Invariant(
            $"count((insights_burn_rate{{team=~\"$team\",burn_window=\"{longWindow}\"}} > {factor}) and on (team, service) (insights_burn_rate{{team=~\"$team\",burn_window=\"{shortWindow}\"}} > {factor})) or vector(0)");

    public static Dashboard Build(DashboardSettings settings)
    {
        const string t = "team=~\"$team\"";
        var layout = new DashboardLayout()
            .Row("Alerts")
            .Add(
                Panels.Stat("Paging: 14.4× over 1h and 5m", new(Alerting(14.4, "1h", "5m"), "services"), "none", Thresholds.Below(1), w: 6),
                Panels.Stat("Paging: 6× over 6h and 30m", new(Alerting(6, "6h", "30m"), "services"), "none", Thresholds.Below(1), w: 6),
                Panels.Stat("Ticket: 3× over 1d and 2h", new(Alerting(3, "1d", "2h"), "services"), "none", Thresholds.Below(1, atOrAbove: "orange"), w: 6),
                Panels.Stat("Ticket: 1× over 3d and 6h", new(Alerting(1, "3d", "6h"), "services"), "none", Thresholds.Below(1, atOrAbove: "orange"), w: 6))
            .Row("Error budgets")
            .Add(
                Panels.BarGauge("Least error budget left", new($"bottomk(15, insights_error_budget_remaining_ratio{{scope=\"service\",{t},window=\"$window\"}})",
                    "{{team}} / {{service}}"), "percentunit", SeedTargets.ErrorBudgetThresholds, w: 12, h: 10, min: -1, max: 1, links: [Drilldown.ServiceOfSeries()]),
                Panels.TimeSeries("Burn rate 1h, top 10 services", [new($"topk(10, insights_burn_rate{{{t},burn_window=\"1h\"}})", "{{team}} / {{service}}")], "x",
                    thresholds: SeedTargets.BurnRateThresholds, targetLine: true, links: [Drilldown.ServiceOfSeries()], h: 10))
            .Add(ServiceTable.Build("Services", t, settings, withCost: false))
            .Row("Incidents and recovery by team")
            .Add(
                Panels.TimeSeries("Availability by team", [new($"insights_availability_ratio{{scope=\"team\",{t},window=\"$window\"}}", "{{team}}")], "percentunit",
                    thresholds: Thresholds.AtLeast(SeedTargets.Availability), targetLine: true, links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Incidents by team", [new($"insights_incidents{{scope=\"team\",{t},window=\"$window\"}}", "{{team}}")], "none",
                    links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("MTTR by team", [new($"insights_mttr_seconds{{scope=\"team\",{t},window=\"$window\"}}", "{{team}}")], "s",
                    thresholds: SeedTargets.RecoveryThresholds, targetLine: true, links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Recovered within 5 min by team",
                    [new($"insights_recovered_within_target_ratio{{scope=\"team\",{t},window=\"$window\"}}", "{{team}}")], "percentunit",
                    links: [Drilldown.TeamOfSeries()], min: 0, max: 1));
        return DashboardShell.Create(DashboardUids.Slo, "Insights · SLOs and error budgets",
            "Error budgets, burn-rate alerts (SRE workbook multiwindow rules), incidents and recovery.",
            [Variables.TeamVariable(multi: true), Variables.WindowVariable()], layout, ["slo"]);
    }
}
