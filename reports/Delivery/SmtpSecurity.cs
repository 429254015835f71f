namespace Platform.Insights.Reports.Delivery;

/// <summary>How the SMTP connection is secured (MailKit's <c>SecureSocketOptions</c> under names an operator knows).</summary>
public enum SmtpSecurity
{
    /// <summary>Submission port 587: plain connect, then STARTTLS, which must be offered (never falls back to plain text).</summary>
    StartTls,

    /// <summary>Port 465: TLS from the first byte.</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the server offers it, else plain text (an internal relay that has no TLS).</summary>
    StartTlsWhenAvailable,

    /// <summary>Plain text: only for a relay on the same host or network.</summary>
    None,
}
