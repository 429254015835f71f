namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// One PromQL expression of a generated dashboard: a panel target (<see cref="RefId"/> A, B, …) or an annotation
/// (<see cref="RefId"/> = the annotation's name, <see cref="PanelId"/> 0). <see cref="Pending"/> marks expressions over
/// metrics no exporter writes yet (issue 8), which are expected to return nothing.
/// </summary>
public sealed record PanelExpression(string DashboardUid, int PanelId, string PanelTitle, string RefId, string Expr, bool Instant, bool Pending);
