namespace Platform.Insights.Reports.History;

/// <summary>One row of the <c>reports</c> table: a generated report, where its files are and how often it was generated.</summary>
public sealed record ReportRecord(
    string Id,
    string Kind,
    string Period,
    string? Team,
    DateTime PeriodFrom,
    DateTime PeriodTo,
    DateTime GeneratedAt,
    string Trigger,
    string Directory,
    IReadOnlyList<string> Formats,
    int Generations);
