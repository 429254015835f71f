namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// One KPI gauge family on <c>/metrics</c> (and in the history backfill): its name by Prometheus conventions (base
/// units: seconds, ratios 0..1), help text and fixed label names. A label that does not apply to a sample (the team of
/// the org row) is empty, which Prometheus treats as absent.
/// </summary>
public sealed record KpiMetric(string Name, string Help, IReadOnlyList<string> LabelNames);
