using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Panels over the idle-resource gauges (<c>IdleDetector</c>'s findings). A rule needs its whole window of utilisation
/// data before it finds anything, so a young installation shows no data here, and the descriptions say so.
/// </summary>
public static class IdlePanels
{
    public const string PendingNote = "Findings need each rule's full window of utilisation data (14 days for VMs, 7 for Kubernetes workloads, 15 for volumes); with less history these panels are empty.";

    /// <summary>Metrics that stay empty until the rules' windows are covered: <see cref="DashboardQueries"/> marks the expressions that read them.</summary>
    public static IReadOnlyList<string> PendingMetrics { get; } = ["insights_idle_savings_monthly", "insights_idle_resources"];

    public static Panel TeamSavings(DashboardSettings settings) =>
        Panels.Stat("Idle savings / month", new($"sum(insights_idle_savings_monthly{{team=\"$team\",{settings.CurrencyMatcher}}})", "savings"),
            settings.MoneyUnit, Thresholds.Neutral("green"), w: 6, h: 8, description: PendingNote);
}
