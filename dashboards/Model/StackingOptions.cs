namespace Platform.Insights.Dashboards.Model;

/// <summary>Time series stacking: <c>none</c> or <c>normal</c>.</summary>
public sealed record StackingOptions(string Mode, string Group = "A");
