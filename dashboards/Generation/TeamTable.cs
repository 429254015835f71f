using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>One row per team with its KPIs side by side; the team column opens the team's dashboard.</summary>
public static class TeamTable
{
    public static Panel Build(DashboardSettings settings, string teamMatcher = "") =>
        Panels.Table("Teams",
            [
                new(ByTeam($"insights_availability_ratio{{scope=\"team\",window=\"$window\"{teamMatcher}}}")),
                new(ByTeam($"insights_error_budget_remaining_ratio{{scope=\"team\",window=\"$window\"{teamMatcher}}}")),
                new(ByTeam($"insights_incidents{{scope=\"team\",window=\"$window\"{teamMatcher}}}")),
                new(ByTeam($"insights_recovery_median_seconds{{scope=\"team\",window=\"$window\"{teamMatcher}}}")),
                new(ByTeam($"insights_cost_daily{{scope=\"team\",{settings.CurrencyMatcher}{teamMatcher}}}")),
                new(ByTeam($"insights_budget_ratio{{scope=\"team\"{teamMatcher}}}")),
            ],
            ["Availability", "Budget left", "Incidents", "Median recovery", "Cost / day", "Forecast ÷ budget"],
            ["team"],
            [
                new(FieldMatcher.ByName("team"), [FieldProperty.Links(Drilldown.TeamOfRow())]),
                new(FieldMatcher.ByName("Availability"), [FieldProperty.Unit("percentunit"), FieldProperty.Decimals(3),
                    FieldProperty.Thresholds(SeedTargets.AvailabilityThresholds), FieldProperty.ColorText()]),
                new(FieldMatcher.ByName("Budget left"), [FieldProperty.Unit("percentunit"), FieldProperty.Thresholds(SeedTargets.ErrorBudgetThresholds),
                    FieldProperty.ColorBackground()]),
                new(FieldMatcher.ByName("Median recovery"), [FieldProperty.Unit("s"), FieldProperty.Thresholds(SeedTargets.RecoveryThresholds), FieldProperty.ColorText()]),
                new(FieldMatcher.ByName("Cost / day"), [FieldProperty.Unit(settings.MoneyUnit)]),
                new(FieldMatcher.ByName("Forecast ÷ budget"), [FieldProperty.Unit("percentunit"), FieldProperty.Thresholds(SeedTargets.BudgetRatioThresholds),
                    FieldProperty.ColorBackground()]),
            ],
            sortBy: "Availability");

    /// <summary>Only the team label survives, so the merge joins the queries' rows on it.</summary>
    private static string ByTeam(string selector) => $"max by (team) ({selector})";
}
