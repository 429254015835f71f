using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// One service (variables <c>team</c>, <c>service</c>): its SLI against the SLO, burn rates over every workbook window,
/// incidents and production deployments (also as annotations on every time series), DORA and cost.
/// </summary>
public static class ServiceDashboard
{
    /// <summary>
    /// Incidents as annotations: every scrape with an open incident is a point, and Grafana joins consecutive points
    /// into one region per incident.
    /// </summary>
    public static Annotation Incidents { get; } = new()
    {
        Name = "Incidents",
        Datasource = DataSourceRef.Prometheus,
        Expr = KpiHold.Apply("insights_open_incidents{scope=\"service\",team=\"$team\",service=\"$service\"} > 0"),
        Step = "60s",
        TitleFormat = "Incident open",
        TextFormat = "{{service}}",
        TagKeys = "team,service",
        UseValueForTime = false,
        IconColor = "red",
    };

    /// <summary>The service's successful production deployments, one mark each at its finish (<see cref="DeploymentAnnotations"/>).</summary>
    public static Annotation Deployments { get; } =
        DeploymentAnnotations.For("Deployments", "team=\"$team\",service=\"$service\"", "success", "blue", "Deployed {{service}}");

    /// <summary>Its failed production deployments (the fix that usually follows is a successful one).</summary>
    public static Annotation FailedDeployments { get; } =
        DeploymentAnnotations.For("Failed deployments", "team=\"$team\",service=\"$service\"", "failure", "orange", "Deployment of {{service}} failed");

    public static Dashboard Build(DashboardSettings settings)
    {
        const string s = "team=\"$team\",service=\"$service\"";
        var c = settings.CurrencyMatcher;
        var layout = new DashboardLayout()
            .Row("$service")
            .Add(
                Panels.Stat("Availability", new($"insights_availability_ratio{{scope=\"service\",{s},window=\"$window\"}}", "availability"), "percentunit",
                    SeedTargets.AvailabilityThresholds, decimals: 3),
                Panels.Stat("SLO", new($"insights_slo_target_ratio{{scope=\"service\",{s}}}", "SLO"), "percentunit", Thresholds.Neutral(), decimals: 2),
                Panels.Stat("Error budget left", new($"insights_error_budget_remaining_ratio{{scope=\"service\",{s},window=\"$window\"}}", "budget left"),
                    "percentunit", SeedTargets.ErrorBudgetThresholds, decimals: 1),
                Panels.Stat("Open incidents", new($"insights_open_incidents{{scope=\"service\",{s}}}", "open"), "none", Thresholds.Below(1)),
                Panels.Stat("MTTR", new($"insights_mttr_seconds{{scope=\"service\",{s},window=\"$window\"}}", "MTTR"), "s", SeedTargets.RecoveryThresholds),
                Panels.Stat("Recovered within 5 min", new($"insights_recovered_within_target_ratio{{scope=\"service\",{s},window=\"$window\"}}", "share"),
                    "percentunit", Thresholds.AtLeast(1, below: "orange"), decimals: 0))
            .Row("SLI and error budget")
            .Add(
                Panels.TimeSeries("Availability against the SLO",
                    [
                        new($"insights_availability_ratio{{scope=\"service\",{s},window=\"$window\"}}", "availability ($window)"),
                        new($"insights_slo_target_ratio{{scope=\"service\",{s}}}", "SLO"),
                    ], "percentunit"),
                Panels.TimeSeries("Burn rate by window", [new($"insights_burn_rate{{{s}}}", "{{burn_window}}")], "x",
                    thresholds: SeedTargets.BurnRateThresholds, targetLine: true,
                    description: "Error budget burn per window (5m … 3d). Page: 14.4× over 1h and 5m, or 6× over 6h and 30m; ticket: 3× over 1d and 2h, or 1× over 3d and 6h."),
                Panels.TimeSeries("Error budget left", [new($"insights_error_budget_remaining_ratio{{scope=\"service\",{s},window=\"$window\"}}", "budget left ($window)")],
                    "percentunit", thresholds: SeedTargets.ErrorBudgetThresholds, targetLine: true),
                Panels.TimeSeries("Incidents and recovery",
                    [
                        new($"insights_incidents{{scope=\"service\",{s},window=\"$window\"}}", "incidents ($window)"),
                        new($"insights_open_incidents{{scope=\"service\",{s}}}", "open"),
                    ], "none"))
            .Row("DORA")
            .Add(DoraPanels.Build($"scope=\"service\",{s}"))
            .Row("Cost")
            .Add(
                Panels.TimeSeries("Daily cost", [new($"insights_cost_daily{{scope=\"service\",{s},{c}}}", "cost")], settings.MoneyUnit, bars: true, w: 16),
                Panels.Stat("Forecast ÷ budget", new($"insights_budget_ratio{{scope=\"service\",{s}}}", "budget use"), "percentunit",
                    SeedTargets.BudgetRatioThresholds, w: 8, h: 8, decimals: 0,
                    description: "Month-end forecast over the service's budget; no value when the service has no budget of its own."));
        return DashboardShell.Create(DashboardUids.Service, "Insights · Service",
            "One service: SLI against the SLO, burn rates, incidents and deployments (annotations), DORA and cost.",
            [Variables.TeamVariable(), Variables.ServiceVariable(), Variables.WindowVariable(), Variables.DoraWindowVariable()], layout, ["service"],
            links: [Drilldown.To(DashboardUids.Team, "Team")], annotations: [Incidents, Deployments, FailedDeployments]);
    }
}
