namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// One PromQL expression of a generated dashboard: a panel target (<see cref="RefId"/> A, B, …) or an annotation
/// (<see cref="RefId"/> = the annotation's name, <see cref="PanelId"/> 0). <see cref="Pending"/> marks expressions over the
/// idle-resource gauges, which have data only once the detector's rules had their full window (7–15 days of utilisation):
/// empty over a shorter history, proven with data over a 16-day one.
/// </summary>
public sealed record PanelExpression(string DashboardUid, int PanelId, string PanelTitle, string RefId, string Expr, bool Instant, bool Pending);
