namespace Platform.Insights.Dashboards.Model;

/// <summary>A dashboard's default time range in Grafana's relative syntax (<c>now-30d</c>).</summary>
public sealed record TimeRange(string From, string To);
