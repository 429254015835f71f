using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>The Quartz job behind every report schedule; the schedule's kind and team are in the job data.</summary>
[DisallowConcurrentExecution]
public sealed class ReportJob(ReportScheduleRunner runner, ILogger<ReportJob> logger) : IJob
{
    public const string KindKey = "kind";
    public const string TeamKey = "team";
    public const string CronKey = "cron";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var kind = Enum.Parse<Model.ReportKind>(data.GetString(KindKey)!, ignoreCase: true);
        var schedule = new ScheduledReport(kind, data.GetString(TeamKey) is { Length: > 0 } team ? team : null, data.GetString(CronKey)!);
        try
        {
            var slot = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
            var slotText = slot.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            var instance = context.Scheduler.SchedulerInstanceId;
            ReportLog.Fired(logger, schedule.Key, slotText, instance);
            await runner.RunScheduledAsync(schedule, slot, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged and counted by the generator; Quartz keeps the schedule for the next slot.
            throw new JobExecutionException(e);
        }
    }
}
