namespace Platform.Insights.Dashboards.Kpis;

/// <summary>One value of a <see cref="KpiMetric"/>: label values in the order of its label names.</summary>
public sealed record KpiSample(KpiMetric Metric, IReadOnlyList<string> LabelValues, double Value)
{
    /// <summary>The label set as one key (metric name and values), for grouping samples into series.</summary>
    public string SeriesKey => Metric.Name + "\u0001" + string.Join('\u0001', LabelValues);
}
