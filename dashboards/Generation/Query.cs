namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// One PromQL query of a panel as the dashboards are written: <see cref="Legend"/> names its series; an
/// <see cref="Instant"/> query (tables, current values) is evaluated once at the range's end.
/// </summary>
public sealed record Query(string Expr, string? Legend = null, bool Instant = false);
