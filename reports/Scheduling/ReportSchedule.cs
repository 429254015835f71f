using Quartz;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>Cron helpers for the report schedules (Quartz cron: a seconds field first).</summary>
public static class ReportSchedule
{
    public static bool IsValidCron(string? cron) => !string.IsNullOrWhiteSpace(cron) && CronExpression.TryParse(cron, out _);

    /// <summary>The most recent fire time of <paramref name="cron"/> at or before <paramref name="now"/> (looking back up to 40 days), in UTC.</summary>
    public static DateTimeOffset? LastFireAtOrBefore(string cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var expression = new CronExpression(cron, zone);
        DateTimeOffset? last = null;
        var next = expression.GetNextValidTimeAfter(now.AddDays(-40));
        while (next is { } n && n <= now)
        {
            last = n;
            next = expression.GetNextValidTimeAfter(n);
        }
        return last;
    }
}
