using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports;

/// <summary>A report written: the model, its directory and files, and the history row it replaced (a re-run), if any.</summary>
public sealed record GeneratedReport(Report Report, string Directory, IReadOnlyList<string> Files, ReportRecord? Replaced, TimeSpan Elapsed);
