namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// Who gets which report by e-mail (<c>Insights:Reports:Smtp:Recipients</c>): addresses per report kind, and per team for
/// team reports (a team without its own list gets <see cref="Team"/>). A kind with no addresses is not e-mailed.
/// </summary>
public sealed class SmtpRecipients
{
    /// <summary>The weekly leadership report.</summary>
    public List<string> Weekly { get; set; } = [];

    /// <summary>The monthly cost report (finance).</summary>
    public List<string> Monthly { get; set; } = [];

    /// <summary>Team reports of teams without an entry in <see cref="Teams"/>.</summary>
    public List<string> Team { get; set; } = [];

    /// <summary>Team name → addresses for that team's weekly report.</summary>
    public Dictionary<string, List<string>> Teams { get; set; } = new(StringComparer.Ordinal);
}
