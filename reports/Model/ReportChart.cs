namespace Platform.Insights.Reports.Model;

/// <summary>
/// A chart's data: categories along the x axis, series of values, axis labels with the unit, and an optional
/// reference line (an SLO or a budget amount). Renderers draw it; the JSON carries it as data.
/// </summary>
public sealed record ReportChart(
    string Id,
    string Title,
    ChartKind Kind,
    string XLabel,
    string YLabel,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    double? Reference = null,
    string? ReferenceLabel = null,
    string? Missing = null);
