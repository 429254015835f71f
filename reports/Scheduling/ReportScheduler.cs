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
    public const string Group = "reports";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (role.Mode != "serve" || !o.ScheduleEnabled)
        {
            return;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        var configured = ScheduledReport.From(o);
        // In a cluster the jobs live in the shared Quartz store and outlive this process: a schedule removed from the
        // configuration goes, and one whose trigger is unchanged is left alone so its next fire time (and a misfire it
        // is owed) survive a silo's restart. Every silo runs this at start; the store's locks serialise the writes.
        foreach (var stale in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), stoppingToken))
            .Where(k => configured.All(s => s.Key != k.Name)))
        {
            await scheduler.DeleteJob(stale, stoppingToken);
        }
        foreach (var schedule in configured)
        {
            var job = JobBuilder.Create<ReportJob>().WithIdentity(schedule.Key, Group)
                .UsingJobData(ReportJob.KindKey, schedule.Kind.ToString()).UsingJobData(ReportJob.TeamKey, schedule.Team ?? "")
                .UsingJobData(ReportJob.CronKey, schedule.Cron).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(schedule.Key, Group)
                .WithCronSchedule(schedule.Cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build();
            if (await scheduler.GetTrigger(trigger.Key, stoppingToken) is not ICronTrigger existing
                || existing.CronExpressionString != schedule.Cron || existing.TimeZone.Id != zone.Id)
            {
                await scheduler.ScheduleJob(job, new List<ITrigger> { trigger }, new ScheduleJobOptions { Replace = true }, stoppingToken);
            }
            var nextRun = trigger.GetFireTimeAfter(null)?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "none";
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
