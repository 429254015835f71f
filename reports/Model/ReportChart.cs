namespace Platform.Insights.Reports.Model;

/// <summary>
/// A chart's data: categories along the x axis, series of values, axis labels with the unit, and an optional
/// reference line (an SLO or a budget amount). <see cref="Levels"/> names the values 1..n of an ordinal axis (DORA bands:
/// Low, Medium, High, Elite), drawn as words instead of numbers. Renderers draw it; the JSON carries it as data.
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
    string? Missing = null,
    IReadOnlyList<string>? Levels = null);
