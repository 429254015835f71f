namespace Platform.Insights.Analytics.Uptime;

/// <summary>Uptime KPI rows with the as-of they were computed at and whether the data ended before now.</summary>
public sealed record UptimeReport(DateTime AsOf, bool DataEndsEarlier, UptimeWindow Window, IReadOnlyList<UptimeKpiRow> Rows);
