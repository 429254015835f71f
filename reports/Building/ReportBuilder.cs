using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// Builds a <see cref="Report"/> from the KPI queries: the weekly leadership report (uptime, cost, productivity and DORA,
/// idle resources), the monthly cost report (cost and idle resources — what finance checks against the invoice) and a
/// team's weekly report (all sections, limited to the team).
/// </summary>
public sealed class ReportBuilder(
    UptimeSection uptime, CostSection cost, IProductivityKpis productivity, DoraSection dora, IdleSection idle, IncidentQuery incidents, TimeProvider time)
{
    public async Task<Report> BuildAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == ReportKind.Team && string.IsNullOrWhiteSpace(request.Team))
        {
            throw new ArgumentException("a team report needs a team (--team)", nameof(request));
        }
        var team = request.Kind == ReportKind.Team ? request.Team : null;
        // The uptime, scorecard and DORA sections ask for the same periods' incidents: detected once per report.
        using var remembered = incidents.Remember();
        var period = request.Period;
        var previous = period.Previous;
        var sections = new List<ReportSection>();
        if (request.Kind != ReportKind.Monthly)
        {
            sections.Add(await uptime.BuildAsync(period, previous, team, cancellationToken));
        }
        sections.Add(await cost.BuildAsync(request.Kind, period, previous, team, request.Budgets, cancellationToken));
        if (request.Kind != ReportKind.Monthly)
        {
            var rows = await productivity.ScorecardAsync(period, previous, team, cancellationToken);
            sections.Add(new ReportSection(rows, [], [], [], []));
            sections.Add(await dora.BuildAsync(period, previous, team, rows, cancellationToken));
        }
        sections.Add(await idle.BuildAsync(request.Kind, period, previous, team, cancellationToken));
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
}
