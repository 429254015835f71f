using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Tests.Support;
using Prometheus;
using static Platform.Insights.Reports.Tests.Support.LiveSmtpFactAttribute;

namespace Platform.Insights.Reports.Tests;

/// <summary>
/// Against a real SMTP server, only when <c>INSIGHTS_TEST_SMTP_HOST</c> is set: <c>INSIGHTS_TEST_SMTP_PORT</c> (587),
/// <c>_SECURITY</c> (StartTls), <c>_USERNAME</c> / <c>_PASSWORD</c>, <c>_FROM</c> and <c>_TO</c> (required).
/// </summary>
public sealed class SmtpLiveTests
{
    [LiveSmtpFact]
    public async Task A_weekly_report_with_its_pdf_is_accepted_by_the_real_server()
    {
        var dir = Directory.CreateTempSubdirectory("insights-smtp-live-").FullName;
        var pdf = Path.Combine(dir, "report.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.7\n%%EOF\n");
        var week = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
        var report = new Report("weekly-2026-W47", ReportKind.Weekly, "Weekly leadership report 2026-W47 (Platform.Insights live SMTP test)", week, week.Previous, null,
            week.To, [new ScorecardRow("Availability", KpiUnit.Ratio, 0.9995, 0.999, 0.998, KpiStatus.OnTrack, null)], [], [], [], []);
        var smtp = new SmtpSinkOptions
        {
            Host = Host!,
            Port = int.Parse(Variable("INSIGHTS_TEST_SMTP_PORT") ?? "587", CultureInfo.InvariantCulture),
            Security = Enum.Parse<SmtpSecurity>(Variable("INSIGHTS_TEST_SMTP_SECURITY") ?? nameof(SmtpSecurity.StartTls)),
            UserName = Variable("INSIGHTS_TEST_SMTP_USERNAME") ?? "",
            Password = Variable("INSIGHTS_TEST_SMTP_PASSWORD") ?? "",
            From = Variable("INSIGHTS_TEST_SMTP_FROM") ?? "insights-test@example.com",
            Recipients = new SmtpRecipients { Weekly = [Variable("INSIGHTS_TEST_SMTP_TO") ?? throw new InvalidOperationException("set INSIGHTS_TEST_SMTP_TO")] },
            MaxRetries = 1,
        };
        Assert.Empty(smtp.Problems());
        await new SmtpSink(Options.Create(new ReportsOptions { Smtp = smtp }), new ReportMeters(Metrics.NewCustomRegistry()), TimeProvider.System)
            .DeliverAsync(new GeneratedReport(report, dir, [pdf], null, TimeSpan.Zero), CancellationToken.None);
        Directory.Delete(dir, recursive: true);
    }
}
