namespace Platform.Insights.Analytics.Uptime;

/// <summary>One service's SLI sums in one window (<c>Uptime/service_sli.sql</c>).</summary>
public sealed record ServiceSli(string Service, string? Team, decimal SloTarget, SliKind? Sli, string Window, SliTotals Totals);
