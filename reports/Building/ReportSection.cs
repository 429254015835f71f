using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>What one section (uptime, cost, productivity, DORA, idle resources) adds to a report.</summary>
public sealed record ReportSection(
    IReadOnlyList<ScorecardRow> Scorecard,
    IReadOnlyList<Highlight> Highlights,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportChart> Charts,
    IReadOnlyList<string> Notes)
{
    /// <summary>The idle section's findings with savings, carried into <see cref="Report.IdleSavings"/>.</summary>
    public IReadOnlyList<IdleSaving> IdleSavings { get; init; } = [];
}
