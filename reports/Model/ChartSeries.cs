namespace Platform.Insights.Reports.Model;

/// <summary>One named series of a chart: one value per category (null = no data for it, drawn as a gap).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
