using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>Cost explorer: spend per day, month to date and forecast against budgets, the reduction against the baseline,
/// and the largest services, for all teams or a selection.</summary>
public static class CostExplorerDashboard
{
    public static Dashboard Build(DashboardSettings settings)
    {
        var money = settings.MoneyUnit;
        var c = settings.CurrencyMatcher;
        const string t = "team=~\"$team\"";
        var layout = new DashboardLayout()
            .Row("Organisation")
            .Add(
                Panels.Stat("Cost (last complete day)", new($"insights_cost_daily{{scope=\"org\",{c}}}", "cost"), money, Thresholds.Neutral(), w: 5),
                Panels.Stat("Month to date", new($"insights_cost_month_to_date{{scope=\"org\",{c}}}", "month to date"), money, Thresholds.Neutral(), w: 5),
                Panels.Stat("Month-end forecast", new($"insights_cost_forecast_month{{scope=\"org\",{c}}}", "forecast"), money, Thresholds.Neutral(), w: 5),
                Panels.Stat("Cost vs baseline", new("insights_cost_change_vs_baseline_ratio{scope=\"org\"}", "change"), "percentunit",
                    SeedTargets.CostChangeThresholds, w: 5, decimals: 1, description: "Per-day cost against the baseline period; target −25 %."),
                Panels.Stat("Unallocated", new("insights_cost_unallocated_ratio", "unallocated"), "percentunit", Thresholds.Below(0.05, atOrAbove: "orange"),
                    decimals: 1))
            .Row("Teams")
            .Add(
                Panels.TimeSeries("Daily cost by team", [new($"insights_cost_daily{{scope=\"team\",{t},{c}}}", "{{team}}")], money, stacked: true,
                    links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Cost vs baseline by team", [new($"insights_cost_change_vs_baseline_ratio{{scope=\"team\",{t}}}", "{{team}}")], "percentunit",
                    thresholds: SeedTargets.CostChangeThresholds, targetLine: true, links: [Drilldown.TeamOfSeries()]),
                Panels.BarGauge("Forecast ÷ budget by team", new($"insights_budget_ratio{{scope=\"team\",{t}}}", "{{team}}"), "percentunit",
                    SeedTargets.BudgetRatioThresholds, w: 12, min: 0, max: 1.5, links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Month to date and forecast by team",
                    [
                        new($"insights_cost_month_to_date{{scope=\"team\",{t},{c}}}", "{{team}} month to date"),
                        new($"insights_cost_forecast_month{{scope=\"team\",{t},{c}}}", "{{team}} forecast"),
                    ], money))
            .Row("Services")
            .Add(
                Panels.TimeSeries("Top 10 services by daily cost", [new($"topk(10, insights_cost_daily{{scope=\"service\",{t},{c}}})", "{{team}} / {{service}}")],
                    money, links: [Drilldown.ServiceOfSeries()], w: 24),
                Panels.BarGauge("Forecast ÷ budget by service", new($"insights_budget_ratio{{scope=\"service\",{t}}}", "{{team}} / {{service}}"), "percentunit",
                    SeedTargets.BudgetRatioThresholds, w: 24, min: 0, max: 1.5, links: [Drilldown.ServiceOfSeries()],
                    description: "Services with a budget of their own."));
        return DashboardShell.Create(DashboardUids.Cost, "Insights · Cost explorer",
            "Spend per day, month to date and forecast against budgets, and the reduction against the baseline.",
            [Variables.TeamVariable(multi: true)], layout, ["cost"]);
    }
}
