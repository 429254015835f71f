using System.Text;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// The report as Markdown (GitHub tables): scorecard, highlights, tables; charts are named with their data in the JSON.
/// Every text from the data goes through <see cref="ReportText.MarkdownInline"/>: a service name cannot add a line, a tag or a column.
/// </summary>
public static class MarkdownReportRenderer
{
    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(T(report.Title)).AppendLine();
        sb.AppendLine($"Period {report.Period.Name}: {report.Period.From:yyyy-MM-dd} to {report.Period.To.AddDays(-1):yyyy-MM-dd} (UTC), compared with {report.PreviousPeriod.Name}. Generated {ReportFormat.Utc(report.GeneratedAt)}.").AppendLine();
        sb.AppendLine("## Scorecard").AppendLine();
        Table(sb, ["KPI", "value", "target", "previous", "status"], report.Scorecard.Select(r => (IReadOnlyList<string>)[
            r.Kpi,
            r.Value is null ? "missing: " + (r.Missing ?? "") : ReportFormat.Value(r.Unit, r.Value, r.Currency),
            r.Target is null ? "" : ReportFormat.Value(r.Unit, r.Target, r.Currency),
            r.Previous is null ? "missing" : ReportFormat.Value(r.Unit, r.Previous, r.Currency),
            ReportFormat.Status(r.Status)]));
        sb.AppendLine("## Highlights").AppendLine();
        foreach (var h in report.Highlights)
        {
            sb.AppendLine($"- {T(h.Text)} ({T(h.Source)})");
        }
        if (report.Highlights.Count == 0)
        {
            sb.AppendLine("Nothing stood out in the data for this period.");
        }
        foreach (var note in report.Notes)
        {
            sb.AppendLine().AppendLine($"_{T(note)}_");
        }
        sb.AppendLine();
        foreach (var table in report.Tables)
        {
            sb.Append("## ").AppendLine(T(table.Title)).AppendLine();
            if (table.Rows.Count == 0)
            {
                sb.AppendLine(table.Missing is null ? "None in the period." : "Missing: " + T(table.Missing)).AppendLine();
                continue;
            }
            Table(sb, table.Columns, table.Rows);
        }
        sb.AppendLine("## Charts").AppendLine();
        foreach (var chart in report.Charts)
        {
            sb.AppendLine($"- {T(chart.Title)}: {(chart.Missing is null ? $"{chart.Series.Count} series over {chart.Categories.Count} {T(chart.XLabel)} values (see the HTML report or report.json)" : "missing: " + T(chart.Missing))}");
        }
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.Append("| ").AppendJoin(" | ", columns.Select(Cell)).AppendLine(" |");
        sb.Append('|').AppendJoin("|", columns.Select(_ => "---")).AppendLine("|");
        foreach (var row in rows)
        {
            sb.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }
        sb.AppendLine();
    }

    private static string Cell(string text) => T(text).Replace("|", "\\|", StringComparison.Ordinal);

    // Names reach headings, list items and cells: no line breaks, no live HTML, no hidden bidi controls.
    private static string T(string text) => ReportText.MarkdownInline(text);
}
