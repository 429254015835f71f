using MimeKit;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// The e-mail sink (<c>Insights:Reports:Smtp</c>); empty <see cref="Host"/> = no e-mail. The password is read from
/// configuration like any other key (an environment variable <c>Insights__Reports__Smtp__Password</c> keeps it out of
/// files) and is never logged.
/// </summary>
public sealed class SmtpSinkOptions
{
    public const string Section = ReportsOptions.Section + ":Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Authenticate (SASL, the strongest mechanism both sides offer) when set.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender, e.g. <c>Platform Insights &lt;insights@example.com&gt;</c>.</summary>
    public string From { get; set; } = "";

    public SmtpRecipients Recipients { get; set; } = new();

    /// <summary>
    /// SHA-256 thumbprint (hex) of a server certificate to trust even when it does not chain to a trusted root (a relay
    /// with a self-signed or private-CA certificate); empty = only certificates the system trusts.
    /// </summary>
    public string TrustedCertificateSha256 { get; set; } = "";

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per SMTP command (connect, each command, the message upload).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The problems with this configuration, each naming its key; none when e-mail is off.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }
        if (Port is < 1 or > 65535)
        {
            yield return $"{Section}:Port {Port} is not a TCP port (1-65535)";
        }
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return $"{Section}:From '{From}' is not an e-mail address (e.g. Platform Insights <insights@example.com>)";
        }
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return $"{Section}:UserName and {Section}:Password are set together or not at all";
        }
        var lists = new List<(string Key, List<string> Addresses)>
        {
            ("Recipients:Weekly", Recipients.Weekly), ("Recipients:Monthly", Recipients.Monthly), ("Recipients:Team", Recipients.Team),
        };
        lists.AddRange(Recipients.Teams.Select(t => ($"Recipients:Teams:{t.Key}", t.Value)));
        foreach (var (key, addresses) in lists)
        {
            foreach (var address in addresses.Where(a => !MailboxAddress.TryParse(a, out _)))
            {
                yield return $"{Section}:{key} '{address}' is not an e-mail address";
            }
        }
        if (lists.All(l => l.Addresses.Count == 0))
        {
            yield return $"{Section}:Recipients has no address for any report (Weekly, Monthly, Team or Teams:NAME)";
        }
        if (TrustedCertificateSha256.Length > 0 && (TrustedCertificateSha256.Replace(":", "", StringComparison.Ordinal).Length != 64
            || !TrustedCertificateSha256.Replace(":", "", StringComparison.Ordinal).All(char.IsAsciiHexDigit)))
        {
            yield return $"{Section}:TrustedCertificateSha256 is not a SHA-256 thumbprint (64 hex digits)";
        }
        if (MaxRetries < 0 || RetryDelay <= TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:MaxRetries must be 0 or more and {Section}:RetryDelay and {Section}:Timeout positive";
        }
    }

    /// <summary>The addresses of one report (kind, and team for team reports); empty = this report is not e-mailed.</summary>
    public IReadOnlyList<string> RecipientsOf(Model.ReportKind kind, string? team) => kind switch
    {
        Model.ReportKind.Weekly => Recipients.Weekly,
        Model.ReportKind.Monthly => Recipients.Monthly,
        _ => team is not null && Recipients.Teams.TryGetValue(team, out var own) ? own : Recipients.Team,
    };
}
