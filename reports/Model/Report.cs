namespace Platform.Insights.Reports.Model;

/// <summary>
/// One generated report: its identity (<see cref="Id"/> = kind, period and team), the period and the one it is compared
/// with, the scorecard, highlights, tables and charts. Every renderer works from this model only.
/// </summary>
public sealed record Report(
    string Id,
    ReportKind Kind,
    string Title,
    ReportPeriod Period,
    ReportPeriod PreviousPeriod,
    string? Team,
    DateTime GeneratedAt,
    IReadOnlyList<ScorecardRow> Scorecard,
    IReadOnlyList<Highlight> Highlights,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportChart> Charts,
    IReadOnlyList<string> Notes)
{
    /// <summary>The idle findings with known savings at generation time (machine data for the next report's "realised").</summary>
    public IReadOnlyList<IdleSaving> IdleSavings { get; init; } = [];

    public static string IdOf(ReportKind kind, ReportPeriod period, string? team) => kind switch
    {
        ReportKind.Weekly => $"weekly-{period.Name}",
        ReportKind.Monthly => $"monthly-{period.Name}",
        _ => $"team-{period.Name}-{Slug(team ?? "")}",
    };

    /// <summary>
    /// A file- and URL-safe form of a name: letters, digits and '-' only. A name that is not already in that form gets
    /// a hash of its exact text appended, so names that differ only in the characters replaced (<c>a/b</c> and
    /// <c>a.b</c>, or a Latin and a Cyrillic look-alike) never share a report id, a directory or a history row.
    /// </summary>
    public static string Slug(string name)
    {
        var text = name ?? "";
        var slug = new string([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        if (slug == text)
        {
            return slug;
        }
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return slug + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
