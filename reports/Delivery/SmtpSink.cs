using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// E-mails a report (<see cref="ReportEmail"/>) through <c>Insights:Reports:Smtp</c> with MailKit to the recipients of
/// its kind. Connection failures, timeouts and 4xx replies (temporary by RFC 5321) are retried with exponential backoff
/// through the shared upstream pipeline (<see cref="Upstream"/> "smtp": backoff, a breaker, each attempt limited to three
/// command timeouts — connect, login, upload — so a relay that accepts the connection and never answers cannot hold
/// the delivery), each retry counted on <c>/metrics</c>; 5xx replies, a refused login and an untrusted certificate are
/// not retried (they would fail the same way again).
/// </summary>
public sealed class SmtpSink(IOptions<ReportsOptions> options, ReportMeters meters, TimeProvider time, Upstreams? upstreams = null) : IReportSink
{
    public const string UpstreamName = "smtp";
    private readonly Upstreams _upstreams = upstreams ?? Upstreams.Standalone(time);

    public string Name => "smtp";

    public bool Enabled => options.Value.Smtp.Enabled;

    public bool Wants(Model.Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return options.Value.Smtp.RecipientsOf(report.Kind, report.Team).Count > 0;
    }

    public async Task DeliverAsync(GeneratedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = options.Value.Smtp;
        using var message = ReportEmail.Of(report, MailboxAddress.Parse(o.From), o.RecipientsOf(report.Report.Kind, report.Report.Team), time.GetUtcNow());
        var upstream = _upstreams.Get(UpstreamName, UpstreamResilienceSettings.Of(o.MaxRetries, o.RetryDelay, o.Timeout * 3), FailureOf, () => meters.Retried(Name));
        await upstream.ExecuteAsync(async token =>
        {
            await SendAsync(o, message, token);
            return true;
        }, cancellationToken);
    }

    private static async Task SendAsync(SmtpSinkOptions o, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds, LocalDomain = "insights.local" };
        if (o.TrustedCertificateSha256.Length > 0)
        {
            var pinned = Convert.FromHexString(o.TrustedCertificateSha256.Replace(":", "", StringComparison.Ordinal));
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None
                || (certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned));
            client.CheckCertificateRevocation = false;
        }
        await client.ConnectAsync(o.Host, o.Port, Secure(o.Security), cancellationToken);
        if (o.UserName.Length > 0)
        {
            await client.AuthenticateAsync(o.UserName, o.Password, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private static SecureSocketOptions Secure(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static UpstreamFailure? FailureOf(Exception exception) => exception switch
    {
        SmtpCommandException c when IsTemporary(c) => new UpstreamFailure("smtp_temporary", true),
        SmtpCommandException => UpstreamFailure.Rejected,
        SslHandshakeException or AuthenticationException => new UpstreamFailure("unauthorized", false),
        TimeoutException => UpstreamFailure.Timeout,
        _ when IsTemporary(exception) => UpstreamFailure.Unreachable,
        _ => null,
    };

    /// <summary>Worth another try: the network, a timeout, or a 4xx reply (RFC 5321: transient negative completion).</summary>
    public static bool IsTemporary(Exception exception) => exception switch
    {
        SmtpCommandException c => (int)c.StatusCode is >= 400 and < 500,
        SslHandshakeException or AuthenticationException => false,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
