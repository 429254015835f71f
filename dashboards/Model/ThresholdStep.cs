using System.Text.Json.Serialization;

namespace Platform.Insights.Dashboards.Model;

/// <summary>One threshold step; Grafana needs the base step's <c>"value": null</c> written out.</summary>
public sealed record ThresholdStep(
    string Color,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Value);
