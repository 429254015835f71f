using System.Text;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Tests.Support;
using Prometheus;

namespace Platform.Insights.Reports.Tests;

/// <summary>The e-mail sink against an SMTP server in the test process that speaks the protocol and records the messages.</summary>
public sealed class SmtpDeliveryTests : IDisposable
{
    private static readonly ReportPeriod Week = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
    private readonly string _dir = Directory.CreateTempSubdirectory("insights-smtp-").FullName;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly byte[] _pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n% a stand-in for Chromium's output\n%%EOF\n");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private GeneratedReport Generated(ReportKind kind = ReportKind.Weekly, string? team = null, bool withPdf = true)
    {
        var period = kind == ReportKind.Monthly ? ReportPeriod.Parse(kind, "2026-11") : Week;
        var title = kind switch { ReportKind.Weekly => "Weekly leadership report 2026-W47", ReportKind.Monthly => "Monthly cost report 2026-11", _ => $"Team {team} weekly report 2026-W47" };
        var report = new Report(Report.IdOf(kind, period, team), kind, title, period, period.Previous, team, period.To,
            [new ScorecardRow("Availability", KpiUnit.Ratio, 0.9995, 0.999, 0.998, KpiStatus.OnTrack, null)], [], [], [], []);
        var pdf = Path.Combine(_dir, "report.pdf");
        File.WriteAllBytes(pdf, _pdf);
        return new GeneratedReport(report, _dir, withPdf ? [pdf] : [], null, TimeSpan.Zero);
    }

    private SmtpSink Sink(FakeSmtpServer server, Action<SmtpSinkOptions>? configure = null)
    {
        var smtp = new SmtpSinkOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Security = server.Certificate is null ? SmtpSecurity.None : SmtpSecurity.StartTls,
            TrustedCertificateSha256 = server.Certificate is null ? "" : SelfSignedCertificate.Sha256(server.Certificate),
            UserName = server.Credentials?.User ?? "",
            Password = server.Credentials?.Password ?? "",
            From = "Platform Insights <insights@example.com>",
            Recipients = new SmtpRecipients
            {
                Weekly = ["cto@example.com", "Head of Platform <platform-lead@example.com>"],
                Monthly = ["finance@example.com"],
                Team = ["eng-managers@example.com"],
                Teams = new(StringComparer.Ordinal) { ["payments"] = ["payments-lead@example.com"] },
            },
            MaxRetries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            Timeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(smtp);
        return new SmtpSink(Options.Create(new ReportsOptions { Smtp = smtp }), new ReportMeters(_registry), TimeProvider.System);
    }

    private async Task<string> MetricsText()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task The_weekly_report_is_mailed_over_starttls_after_login_as_html_with_the_pdf_attached()
    {
        using var certificate = SelfSignedCertificate.ForLocalhost();
        await using var server = new FakeSmtpServer(certificate, ("reports", "s3cret-pass"));

        await Sink(server).DeliverAsync(Generated(), CancellationToken.None);

        var mail = Assert.Single(server.Messages);
        Assert.True(mail.OverTls);
        Assert.Equal("reports", mail.User);
        Assert.Equal("insights@example.com", mail.From);
        Assert.Equal(["cto@example.com", "platform-lead@example.com"], mail.To);
        Assert.Contains("STARTTLS", server.Commands);
        Assert.Contains("AUTH PLAIN", server.Commands);
        Assert.Equal("QUIT", server.Commands.Last());

        using var message = MimeMessage.Load(new MemoryStream(mail.Data));
        Assert.Equal("Weekly leadership report 2026-W47", message.Subject);
        Assert.Contains("2026-W47", message.Subject, StringComparison.Ordinal);
        Assert.Contains("<h2>Scorecard</h2>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("99.95 %", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("## Scorecard", message.TextBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("weekly-2026-W47.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(_pdf, content.ToArray());
    }

    [Fact]
    public async Task Each_report_kind_goes_to_its_own_recipients_and_a_kind_without_any_is_not_mailed()
    {
        await using var server = new FakeSmtpServer();
        var sink = Sink(server, o => o.Recipients.Weekly = []);

        await sink.DeliverAsync(Generated(ReportKind.Monthly), CancellationToken.None);
        await sink.DeliverAsync(Generated(ReportKind.Team, "payments"), CancellationToken.None);
        await sink.DeliverAsync(Generated(ReportKind.Team, "search"), CancellationToken.None);

        Assert.Equal([["finance@example.com"], ["payments-lead@example.com"], ["eng-managers@example.com"]], server.Messages.Select(m => m.To));
        Assert.Equal("Monthly cost report 2026-11", MimeMessage.Load(new MemoryStream(server.Messages.First().Data)).Subject);
        Assert.False(sink.Wants(Generated(ReportKind.Weekly).Report));
        var delivery = new ReportDelivery([sink, new FolderSink()], new ReportMeters(_registry), NullLogger<ReportDelivery>.Instance);
        Assert.Empty(await delivery.DeliverAsync(Generated(ReportKind.Weekly), CancellationToken.None));
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task A_report_without_a_pdf_is_mailed_with_the_html_and_no_attachment()
    {
        await using var server = new FakeSmtpServer();
        await Sink(server).DeliverAsync(Generated(withPdf: false), CancellationToken.None);

        using var message = MimeMessage.Load(new MemoryStream(Assert.Single(server.Messages).Data));
        Assert.Empty(message.Attachments);
        Assert.Contains("<h1>Weekly leadership report 2026-W47</h1>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_for_a_while_is_retried_with_backoff_and_the_retries_are_on_metrics()
    {
        await using var server = new FakeSmtpServer { RefuseConnections = 2 };

        await Sink(server).DeliverAsync(Generated(), CancellationToken.None);

        Assert.Single(server.Messages);
        Assert.Equal(3, server.Connections);
        Assert.Contains("insights_reports_delivery_retries_total{sink=\"smtp\"} 2", await MetricsText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_rejection_is_not_retried_is_counted_as_failed_and_the_folder_still_delivers()
    {
        await using var server = new FakeSmtpServer { DataReply = "554 5.6.0 Message rejected: attachment policy" };
        var delivery = new ReportDelivery([Sink(server), new FolderSink()], new ReportMeters(_registry), NullLogger<ReportDelivery>.Instance);

        var failed = await delivery.DeliverAsync(Generated(), CancellationToken.None);

        Assert.Equal(["smtp"], failed);
        Assert.Equal(1, server.Connections);
        var metrics = await MetricsText();
        Assert.Contains("insights_reports_deliveries_total{sink=\"smtp\",outcome=\"failed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_reports_deliveries_total{sink=\"folder\",outcome=\"delivered\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_temporarily_fails_after_the_configured_retries()
    {
        await using var server = new FakeSmtpServer { DataReply = "451 4.3.0 Mail server temporarily rejected message" };
        var error = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => Sink(server, o => o.MaxRetries = 2).DeliverAsync(Generated(), CancellationToken.None));

        Assert.Equal(451, (int)error.StatusCode);
        Assert.Equal(3, server.Connections);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_at_once_and_a_wrong_password_too()
    {
        using var certificate = SelfSignedCertificate.ForLocalhost();
        await using var server = new FakeSmtpServer(certificate, ("reports", "s3cret-pass"));

        await Assert.ThrowsAsync<SslHandshakeException>(() => Sink(server, o => o.TrustedCertificateSha256 = "").DeliverAsync(Generated(), CancellationToken.None));
        Assert.Equal(1, server.Connections);
        await Assert.ThrowsAsync<AuthenticationException>(() => Sink(server, o => o.Password = "wrong").DeliverAsync(Generated(), CancellationToken.None));
        Assert.Equal(2, server.Connections);
        Assert.Empty(server.Messages);
    }
}
