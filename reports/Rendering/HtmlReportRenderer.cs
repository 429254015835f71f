using System.Globalization;
using System.Net;
using System.Text;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// One self-contained HTML page: inline CSS and inline SVG charts, no script and no external resource, so it reads the
/// same in a browser, an e-mail client and on paper (print rules keep charts and tables off page breaks).
/// </summary>
public static class HtmlReportRenderer
{
    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;color:#222;margin:24px;max-width:960px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #4e79a7;padding-bottom:3px;margin-top:28px}
        .meta{color:#666;font-size:12px}table{border-collapse:collapse;width:100%;font-size:12px;margin:8px 0}
        th,td{border:1px solid #ccc;padding:4px 6px;text-align:left}th{background:#f0f3f7}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .on-track{background:#e3f4e1;color:#1d6b1d}.at-risk{background:#fff4d6;color:#8a5a00}.off-track{background:#fbe0e0;color:#a11}
        .missing{color:#888;font-style:italic}.status{font-weight:bold;white-space:nowrap}
        .chart{max-width:100%;height:auto;font-family:"DejaVu Sans",Arial,sans-serif}figure{margin:12px 0}
        figcaption{font-weight:bold;font-size:13px;margin-bottom:4px}
        @media print{body{margin:0}figure,table{page-break-inside:avoid}h2{page-break-after:avoid}}
        """;

    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        sb.Append("<h1>").Append(E(report.Title)).Append("</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Period {E(report.Period.Name)}: {report.Period.From:yyyy-MM-dd} to {report.Period.To.AddDays(-1):yyyy-MM-dd} (UTC), compared with {E(report.PreviousPeriod.Name)}. Generated {ReportFormat.Utc(report.GeneratedAt)}.</p>");

        sb.Append("<h2>Scorecard</h2><table id=\"scorecard\"><thead><tr><th>KPI</th><th>value</th><th>target</th><th>previous</th><th>status</th></tr></thead><tbody>");
        foreach (var row in report.Scorecard)
        {
            var css = row.Status switch { KpiStatus.OnTrack => "on-track", KpiStatus.AtRisk => "at-risk", KpiStatus.OffTrack => "off-track", _ => "missing" };
            var value = row.Value is null ? $"<span class=\"missing\">{E(row.Missing ?? ReportFormat.MissingMark)}</span>" : E(ReportFormat.Value(row.Unit, row.Value, row.Currency));
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Kpi)}</td><td class=\"num\">{value}</td><td class=\"num\">{(row.Target is null ? "" : E(ReportFormat.Value(row.Unit, row.Target, row.Currency)))}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(row.Previous is null ? "<span class=\"missing\">missing</span>" : E(ReportFormat.Value(row.Unit, row.Previous, row.Currency)))}</td><td class=\"status {css}\">{E(ReportFormat.Status(row.Status))}</td></tr>");
        }
        sb.Append("</tbody></table>");

        sb.Append("<h2>Highlights</h2>");
        if (report.Highlights.Count == 0)
        {
            sb.Append("<p class=\"missing\">Nothing stood out in the data for this period.</p>");
        }
        else
        {
            sb.Append("<ul id=\"highlights\">");
            foreach (var h in report.Highlights)
            {
                sb.Append("<li>").Append(E(h.Text)).Append(" <span class=\"meta\">(").Append(E(h.Source)).Append(")</span></li>");
            }
            sb.Append("</ul>");
        }
        foreach (var note in report.Notes)
        {
            sb.Append("<p class=\"meta\">").Append(E(note)).Append("</p>");
        }

        sb.Append("<h2>Charts</h2>");
        foreach (var chart in report.Charts)
        {
            sb.Append("<figure><figcaption>").Append(E(chart.Title)).Append("</figcaption>").Append(SvgChart.Render(chart)).Append("</figure>");
        }

        foreach (var table in report.Tables)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h2>{E(table.Title)}</h2>");
            if (table.Rows.Count == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"missing\" id=\"table-{table.Id}\">{E(table.Missing is null ? "none in the period" : "missing: " + table.Missing)}</p>");
                continue;
            }
            sb.Append(CultureInfo.InvariantCulture, $"<table id=\"table-{table.Id}\"><thead><tr>");
            foreach (var column in table.Columns)
            {
                sb.Append("<th>").Append(E(column)).Append("</th>");
            }
            sb.Append("</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                sb.Append("<tr>");
                foreach (var cell in row)
                {
                    sb.Append(cell.StartsWith("missing", StringComparison.Ordinal) ? "<td class=\"missing\">" : "<td>").Append(E(cell)).Append("</td>");
                }
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(ReportText.Visible(text));
}
