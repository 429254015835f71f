namespace Platform.Insights.Dashboards.Model;

/// <summary>How a time series shows its thresholds: <c>off</c>, <c>line</c>, <c>area</c>, <c>line+area</c>.</summary>
public sealed record ThresholdsStyle(string Mode);
