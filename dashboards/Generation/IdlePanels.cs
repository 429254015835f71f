using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Panels over the idle-resource metrics, which issue 8 (idle detection) will export; until then they show no data, and
/// their titles and descriptions say so.
/// </summary>
public static class IdlePanels
{
    public const string PendingNote = "Needs issue 8 (idle detection): insights_idle_savings_monthly and insights_idle_resources are not exported yet.";

    /// <summary>The metrics no exporter writes yet: <see cref="DashboardQueries"/> marks the expressions that read them.</summary>
    public static IReadOnlyList<string> PendingMetrics { get; } = ["insights_idle_savings_monthly", "insights_idle_resources"];

    public static Panel TeamSavings(DashboardSettings settings) =>
        Panels.Stat("Idle savings / month (issue 8)", new($"sum(insights_idle_savings_monthly{{team=\"$team\",{settings.CurrencyMatcher}}})", "savings"),
            settings.MoneyUnit, Thresholds.Neutral("green"), w: 6, h: 8, description: PendingNote);
}
