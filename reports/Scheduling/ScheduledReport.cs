using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>One configured schedule: a report kind (and team, for team reports) on a cron expression.</summary>
public sealed record ScheduledReport(ReportKind Kind, string? Team, string Cron)
{
    public string Key => Team is null ? Kind.ToString().ToLowerInvariant() : $"team-{Report.Slug(Team)}";

    public static IReadOnlyList<ScheduledReport> From(ReportsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new(ReportKind.Weekly, null, options.WeeklyCron),
            new(ReportKind.Monthly, null, options.MonthlyCron),
            .. options.TeamReports.Select(t => new ScheduledReport(ReportKind.Team, t, options.WeeklyCron)),
        ];
    }
}
