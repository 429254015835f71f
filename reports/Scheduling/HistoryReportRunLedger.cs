using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Scheduling;

/// <summary>
/// The ledger of one process (embedded mode): the last scheduled run comes from the report history in the store, and
/// every run goes ahead — Quartz's in-memory store fires each slot once, and running a period again replaces its report.
/// </summary>
public sealed class HistoryReportRunLedger(IReportHistory history) : IReportRunLedger
{
    public async Task<ScheduledRun?> LastScheduledRunAsync(ScheduledReport schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // Only the schedule's own runs count: an on-demand or demo report does not mean the schedule was running.
        var kind = schedule.Kind.ToString().ToLowerInvariant();
        var last = (await history.ListAsync(schedule.Team, cancellationToken))
            .FirstOrDefault(r => r.Kind == kind && r.Team == schedule.Team && r.Trigger is "schedule" or "startup");
        return last is null ? null : new ScheduledRun(last.Period, last.PeriodFrom);
    }

    public async Task<GeneratedReport?> RunOnceAsync(ScheduledReport schedule, ReportPeriod period, string trigger,
        Func<CancellationToken, Task<GeneratedReport>> generate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generate);
        return await generate(cancellationToken);
    }
}
