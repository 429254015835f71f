using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// Builds a <see cref="Report"/> from the KPI queries: the weekly leadership report (uptime, cost, productivity and DORA,
/// idle resources), the monthly cost report (cost and idle resources — what finance checks against the invoice) and a
/// team's weekly report (all sections, limited to the team).
/// </summary>
public sealed class ReportBuilder(
    UptimeSection uptime, CostSection cost, IProductivityKpis productivity, DoraSection dora, IdleSection idle, IncidentQuery incidents, ServiceSliQuery sli, TimeProvider time)
{
    public async Task<Report> BuildAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == ReportKind.Team && string.IsNullOrWhiteSpace(request.Team))
        {
            throw new ArgumentException("a team report needs a team (--team)", nameof(request));
        }
        var team = request.Kind == ReportKind.Team ? request.Team : null;
        // The uptime, scorecard and DORA sections ask for the same periods' incidents: detected once per report; and the
        // org and per-team uptime of a period are groupings of the same per-service SLI sums: summed once per report.
        using var remembered = incidents.Remember();
        using var rememberedSums = sli.Remember();
        var period = request.Period;
        var previous = period.Previous;
        // The sections are independent (DORA only reads the scorecard's rows), so they run side by side, each on the
        // thread pool (DuckDB runs a query on its caller's thread); the model lists them in the same order as before.
        var weekly = request.Kind != ReportKind.Monthly;
        var uptimeSection = weekly ? Task.Run(() => uptime.BuildAsync(period, previous, team, cancellationToken), cancellationToken) : null;
        var costSection = Task.Run(() => cost.BuildAsync(request.Kind, period, previous, team, request.Budgets, cancellationToken), cancellationToken);
        var deliverySections = weekly ? Task.Run(() => DeliveryAsync(period, previous, team, cancellationToken), cancellationToken) : null;
        var idleSection = Task.Run(() => idle.BuildAsync(request.Kind, period, previous, team, cancellationToken), cancellationToken);
        await Task.WhenAll(new Task?[] { uptimeSection, costSection, deliverySections, idleSection }.OfType<Task>());
        var sections = new List<ReportSection>();
        if (uptimeSection is not null)
        {
            sections.Add(await uptimeSection);
        }
        sections.Add(await costSection);
        if (deliverySections is not null)
        {
            sections.AddRange(await deliverySections);
        }
        sections.Add(await idleSection);
        var title = request.Kind switch
        {
            ReportKind.Weekly => $"Weekly leadership report {period.Name}",
            ReportKind.Monthly => $"Monthly cost report {period.Name}",
            _ => $"Team {team} weekly report {period.Name}",
        };
        return new Report(
            Report.IdOf(request.Kind, period, team),
            request.Kind,
            title,
            period,
            previous,
            team,
            time.GetUtcNow().UtcDateTime,
            [.. sections.SelectMany(s => s.Scorecard)],
            [.. sections.SelectMany(s => s.Highlights)],
            [.. sections.SelectMany(s => s.Tables)],
            [.. sections.SelectMany(s => s.Charts)],
            [.. sections.SelectMany(s => s.Notes)])
        {
            IdleSavings = [.. sections.SelectMany(s => s.IdleSavings)],
        };
    }

    /// <summary>The productivity scorecard rows, then the DORA section that reads them.</summary>
    private async Task<IReadOnlyList<ReportSection>> DeliveryAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        var rows = await productivity.ScorecardAsync(period, previous, team, cancellationToken);
        return [new ReportSection(rows, [], [], [], []), await dora.BuildAsync(period, previous, team, rows, cancellationToken)];
    }
}
