using MimeKit;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// The e-mail of a report: the subject is the report's title (kind and period, e.g. "Weekly leadership report
/// 2026-W47"), the HTML body the self-contained HTML report (inline CSS and SVG, nothing fetched), the Markdown as the
/// plain-text alternative for clients that show no HTML, and <c>report.pdf</c> attached when the report has one. Names
/// reach the e-mail only through the subject (<see cref="Subject"/>) and the renderers, which escape them.
/// </summary>
public static class ReportEmail
{
    public const string PdfName = "report.pdf";

    public static MimeMessage Of(GeneratedReport generated, MailboxAddress from, IEnumerable<string> recipients, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(generated);
        var report = generated.Report;
        var message = new MimeMessage { Subject = Subject(report.Title), Date = date };
        message.From.Add(from);
        message.To.AddRange(recipients.Select(MailboxAddress.Parse));
        var body = new BodyBuilder
        {
            HtmlBody = HtmlReportRenderer.Render(report),
            TextBody = MarkdownReportRenderer.Render(report),
        };
        var pdf = generated.Files.FirstOrDefault(f => Path.GetFileName(f) == PdfName);
        if (pdf is not null)
        {
            body.Attachments.Add($"{report.Id}.pdf", File.ReadAllBytes(pdf), new ContentType("application", "pdf"));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The title as one header line: a team name with CR/LF cannot end the Subject and start a header of its own
    /// (<c>Bcc:</c>), and bidi or zero-width characters are shown as <c>[U+202E]</c>; MimeKit encodes the rest (RFC 2047).
    /// </summary>
    public static string Subject(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return ReportText.Visible(title).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
    }
}
