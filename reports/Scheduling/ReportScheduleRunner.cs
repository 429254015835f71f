using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>
/// What a schedule does when it fires (and at start-up): generate the report of the last complete period before the
/// fire time, then deliver it. At start-up, <see cref="CatchUpAsync"/> runs each schedule once whose last slot passed
/// while the server was down — once, however many slots were missed: only the latest period is generated.
/// </summary>
public sealed class ReportScheduleRunner(ReportGenerator generator, IReportRunLedger ledger, ReportDelivery delivery, IOptions<ReportsOptions> options,
    TimeProvider time, ILogger<ReportScheduleRunner> logger)
{
    /// <summary>
    /// What a Quartz fire does: the period due at <paramref name="firedAt"/>, through the ledger (in a cluster, one silo
    /// generates a period, whichever fired it); null when the ledger says it is done or running elsewhere.
    /// </summary>
    public async Task<GeneratedReport?> RunScheduledAsync(ScheduledReport schedule, DateTimeOffset firedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var period = ReportPeriod.LastComplete(schedule.Kind, firedAt.UtcDateTime);
        var generated = await ledger.RunOnceAsync(schedule, period, "schedule", c => RunAsync(schedule, firedAt, "schedule", c), cancellationToken);
        if (generated is null)
        {
            ReportLog.AlreadyGenerated(logger, schedule.Key, period.Name);
        }
        return generated;
    }

    public async Task<GeneratedReport> RunAsync(ScheduledReport schedule, DateTimeOffset firedAt, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var period = ReportPeriod.LastComplete(schedule.Kind, firedAt.UtcDateTime);
        var formats = ReportFormatNames.Parse(options.Value.Formats);
        var generated = await generator.GenerateAsync(new ReportRequest(schedule.Kind, period, schedule.Team), formats, null, trigger, cancellationToken);
        await delivery.DeliverAsync(generated, cancellationToken);
        return generated;
    }

    /// <summary>
    /// For each schedule with a history of scheduled runs: when the period due at its latest cron slot (at or before now) has no
    /// report yet, generates it once. Schedules that never ran (a new install, or only on-demand reports so far) wait for their first slot.
    /// </summary>
    public async Task<IReadOnlyList<GeneratedReport>> CatchUpAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        var now = time.GetUtcNow();
        var done = new List<GeneratedReport>();
        foreach (var schedule in ScheduledReport.From(o))
        {
            if (ReportSchedule.LastFireAtOrBefore(schedule.Cron, zone, now) is not { } slot)
            {
                continue;
            }
            var due = ReportPeriod.LastComplete(schedule.Kind, slot.UtcDateTime);
            var last = await ledger.LastScheduledRunAsync(schedule, cancellationToken);
            if (last is null || last.PeriodFrom >= due.From)
            {
                continue;
            }
            ReportLog.Misfire(logger, schedule.Key, last.Period, due.Name);
            // Every silo of a cluster runs this at its start: the ledger lets one of them generate the period.
            if (await ledger.RunOnceAsync(schedule, due, "startup", c => RunAsync(schedule, slot, "startup", c), cancellationToken) is { } generated)
            {
                done.Add(generated);
            }
            else
            {
                ReportLog.AlreadyGenerated(logger, schedule.Key, due.Name);
            }
        }
        return done;
    }
}
