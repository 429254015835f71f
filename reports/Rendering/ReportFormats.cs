namespace Platform.Insights.Reports.Rendering;

/// <summary>The file formats a report is written in, and their <c>--format</c> names.</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Html = 1,
    Pdf = 2,
    Markdown = 4,
    Csv = 8,
    Json = 16,
    All = Html | Pdf | Markdown | Csv | Json,
}
