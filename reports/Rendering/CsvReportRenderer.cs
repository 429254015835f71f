using System.Text;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// One RFC 4180 CSV per table, plus <c>scorecard.csv</c> with exact values (ratios as fractions) for spreadsheets; band
/// rows keep the machine value (4 elite … 1 low) in <c>value</c> and the name in <c>value_name</c>. Cells a spreadsheet would
/// run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>) get a leading <c>'</c> (<see cref="ReportText.CsvCell"/>).
/// </summary>
public static class CsvReportRenderer
{
    public const string ScorecardFile = "scorecard";

    /// <summary>File name (without <c>.csv</c>) → content.</summary>
    public static IReadOnlyDictionary<string, string> Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ScorecardFile] = Csv(["kpi", "unit", "currency", "value", "target", "previous", "status", "missing", "value_name", "target_name", "previous_name"],
                report.Scorecard.Select(r => (IReadOnlyList<string>)[r.Kpi, r.Unit.ToString().ToLowerInvariant(), r.Currency ?? "", Num(r.Value), Num(r.Target), Num(r.Previous),
                    ReportFormat.Status(r.Status), r.Missing ?? "", r.ValueName ?? "", r.TargetName ?? "", r.PreviousName ?? ""])),
        };
        foreach (var table in report.Tables)
        {
            files[table.Id] = Csv(table.Columns, table.Rows);
        }
        return files;
    }

    private static string Num(double? value) => value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Csv(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }
        return sb.ToString();
    }

    // Names come from catalogs and billing exports: formula prefixes and hidden characters are neutralised first.
    private static string Quote(string text)
    {
        var cell = ReportText.CsvCell(text);
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
