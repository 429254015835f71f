namespace Platform.Insights.Analytics.Uptime;

/// <summary>The uptime KPI rows of one scope for one rolling window as they stood at <see cref="AsOf"/>.</summary>
public sealed record UptimeHistoryPoint(DateTime AsOf, string Window, IReadOnlyList<UptimeKpiRow> Rows);
