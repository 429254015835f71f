using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>What one section (uptime, cost, productivity) adds to a report.</summary>
public sealed record ReportSection(
    IReadOnlyList<ScorecardRow> Scorecard,
    IReadOnlyList<Highlight> Highlights,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportChart> Charts,
    IReadOnlyList<string> Notes);
