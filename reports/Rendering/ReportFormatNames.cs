namespace Platform.Insights.Reports.Rendering;

/// <summary>Parses and names <see cref="ReportFormats"/>: html, pdf, md, csv, json.</summary>
public static class ReportFormatNames
{
    public static IReadOnlyList<(ReportFormats Format, string Name, string File)> All { get; } =
    [
        (ReportFormats.Html, "html", "report.html"),
        (ReportFormats.Pdf, "pdf", "report.pdf"),
        (ReportFormats.Markdown, "md", "report.md"),
        (ReportFormats.Csv, "csv", "scorecard.csv"),
        (ReportFormats.Json, "json", "report.json"),
    ];

    /// <summary>"html,pdf" → Html | Pdf; an unknown name throws naming it and the known ones.</summary>
    public static ReportFormats Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = ReportFormats.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = All.FirstOrDefault(f => string.Equals(f.Name, part, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                throw new FormatException($"unknown report format '{part}' (known: {string.Join(", ", All.Select(f => f.Name))})");
            }
            result |= match.Format;
        }
        return result == ReportFormats.None ? throw new FormatException("no report format given") : result;
    }

    public static IReadOnlyList<string> Names(ReportFormats formats) => [.. All.Where(f => formats.HasFlag(f.Format)).Select(f => f.Name)];
}
