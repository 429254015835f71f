namespace Platform.Insights.Dashboards.Model;

/// <summary>Grafana wraps annotations and template variables in an object: <c>{"list": [...]}</c>.</summary>
public sealed record GrafanaList<T>(IReadOnlyList<T> List);
