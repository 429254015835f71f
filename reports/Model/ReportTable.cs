namespace Platform.Insights.Reports.Model;

/// <summary>A table of the report: an id (its CSV file name), a title, columns and rows of display-ready cells; <see cref="Missing"/> when it has no rows and why.</summary>
public sealed record ReportTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Missing = null);
