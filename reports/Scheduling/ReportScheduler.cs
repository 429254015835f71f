using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Quartz;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>
/// In <c>insights serve</c> only: puts each report schedule on the Quartz scheduler (cron in the configured time zone;
/// a misfired slot does nothing — the start-up catch-up of <see cref="ReportScheduleRunner"/> covers downtime once) and
/// runs that catch-up in the background, so a slow report never delays the server's start.
/// </summary>
public sealed class ReportScheduler(ISchedulerFactory schedulers, ReportScheduleRunner runner, IOptions<ReportsOptions> options, StoreRole role,
    ILogger<ReportScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (role.Mode != "serve" || !o.ScheduleEnabled)
        {
            return;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        foreach (var schedule in ScheduledReport.From(o))
        {
            var job = JobBuilder.Create<ReportJob>().WithIdentity(schedule.Key, "reports")
                .UsingJobData(ReportJob.KindKey, schedule.Kind.ToString()).UsingJobData(ReportJob.TeamKey, schedule.Team ?? "")
                .UsingJobData(ReportJob.CronKey, schedule.Cron).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(schedule.Key, "reports")
                .WithCronSchedule(schedule.Cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build();
            var next = await scheduler.ScheduleJob(job, trigger, cancellationToken: stoppingToken);
            var nextRun = next.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
            ReportLog.Scheduled(logger, schedule.Key, schedule.Cron, o.TimeZone, nextRun);
        }
        try
        {
            await runner.CatchUpAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Already logged with the report's kind and period; the server keeps running and the next slot tries again.
            _ = e;
        }
    }
}
