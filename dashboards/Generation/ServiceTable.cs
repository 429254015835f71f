using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>One row per service with its SLO figures; the service column opens the service's dashboard.</summary>
public static class ServiceTable
{
    /// <param name="teamMatcher">The team selector, e.g. <c>team="$team"</c> or <c>team=~"$team"</c>.</param>
    public static Panel Build(string title, string teamMatcher, DashboardSettings settings, bool withCost) =>
        Panels.Table(title,
            [
                new(ByService($"insights_availability_ratio{{scope=\"service\",{teamMatcher},window=\"$window\"}}")),
                new(ByService($"insights_slo_target_ratio{{scope=\"service\",{teamMatcher}}}")),
                new(ByService($"insights_error_budget_remaining_ratio{{scope=\"service\",{teamMatcher},window=\"$window\"}}")),
                new(ByService($"insights_burn_rate{{{teamMatcher},burn_window=\"1h\"}}")),
                new(ByService($"insights_burn_rate{{{teamMatcher},burn_window=\"6h\"}}")),
                new(ByService($"insights_open_incidents{{scope=\"service\",{teamMatcher}}}")),
                .. withCost ? new Query[] { new(ByService($"insights_cost_daily{{scope=\"service\",{teamMatcher},{settings.CurrencyMatcher}}}")) } : [],
            ],
            ["Availability", "SLO", "Budget left", "Burn 1h", "Burn 6h", "Open incidents", .. withCost ? new[] { "Cost / day" } : []],
            ["team", "service"],
            [
                new(FieldMatcher.ByName("service"), [FieldProperty.Links(Drilldown.ServiceOfRow())]),
                new(FieldMatcher.ByName("team"), [FieldProperty.Links(Drilldown.TeamOfRow())]),
                new(FieldMatcher.ByName("Availability"), [FieldProperty.Unit("percentunit"), FieldProperty.Decimals(3),
                    FieldProperty.Thresholds(SeedTargets.AvailabilityThresholds), FieldProperty.ColorText()]),
                new(FieldMatcher.ByName("SLO"), [FieldProperty.Unit("percentunit"), FieldProperty.Decimals(2)]),
                new(FieldMatcher.ByName("Budget left"), [FieldProperty.Unit("percentunit"), FieldProperty.Thresholds(SeedTargets.ErrorBudgetThresholds),
                    FieldProperty.ColorBackground()]),
                new(FieldMatcher.ByName("Burn 1h"), [FieldProperty.Unit("x"), FieldProperty.Thresholds(SeedTargets.BurnRateThresholds), FieldProperty.ColorText()]),
                new(FieldMatcher.ByName("Burn 6h"), [FieldProperty.Unit("x"), FieldProperty.Thresholds(SeedTargets.BurnRateThresholds), FieldProperty.ColorText()]),
                new(FieldMatcher.ByName("Cost / day"), [FieldProperty.Unit(settings.MoneyUnit)]),
            ],
            sortBy: "Budget left");

    /// <summary>Only team and service survive, so the merge joins the queries' rows on them.</summary>
    private static string ByService(string selector) => $"max by (team, service) ({selector})";
}
