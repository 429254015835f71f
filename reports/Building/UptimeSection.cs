using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The uptime part of a report, from <see cref="UptimeKpiQuery"/> and <see cref="IncidentQuery"/> over exactly the
/// report's period and the previous one: availability vs the SLO (99.9 % in the seed), the share of incidents recovered
/// within the recovery target (5 minutes) and the incidents that lasted longer, each with the deployment of its service
/// that preceded it (<see cref="IncidentDeployments"/>).
/// </summary>
public sealed class UptimeSection(UptimeKpiQuery kpis, IncidentQuery incidents, IncidentDeployments deployments, IOptions<UptimeKpiOptions> options,
    IOptions<ReportsOptions> reportOptions)
{
    public const string AvailabilityKpi = "Availability";
    public const string RecoveryKpi = "Incidents recovered within 5 minutes";
    public const string LongIncidentsKpi = "Incidents longer than 5 minutes";
    public const string IncidentsTable = "incidents";

    public async Task<ReportSection> BuildAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        var target = options.Value.RecoveryTarget;
        var deploymentWindow = reportOptions.Value.IncidentDeploymentWindow;
        var org = (await kpis.ComputeAsync(UptimeScope.Org, null, UptimeKpiQuery.MainWindow, period.From, period.To, team, cancellationToken)).Rows[0];
        var before = (await kpis.ComputeAsync(UptimeScope.Org, null, UptimeKpiQuery.MainWindow, previous.From, previous.To, team, cancellationToken)).Rows[0];
        var teams = (await kpis.ComputeAsync(UptimeScope.Team, null, UptimeKpiQuery.MainWindow, period.From, period.To, team, cancellationToken)).Rows;
        var found = await incidents.StartedInAsync(period.From, period.To, null, team, cancellationToken);
        var foundBefore = await incidents.StartedInAsync(previous.From, previous.To, null, team, cancellationToken);

        var slo = (double)org.SloTarget / 100;
        var noSli = "no SLI samples (probe_success / request counters) in the period";
        var longOnes = found.Where(i => IsLong(i, target, period.To)).ToList();
        var scorecard = new List<ScorecardRow>
        {
            new(AvailabilityKpi, KpiUnit.Ratio, org.Availability, slo, before.Availability,
                KpiJudgement.AtLeast(org.Availability, slo, 1 - slo), org.Availability is null ? noSli : null),
            new(RecoveryKpi, KpiUnit.Ratio, org.Recovery.RecoveredWithinTargetShare, 1.0, before.Recovery.RecoveredWithinTargetShare,
                KpiJudgement.AtLeast(org.Recovery.RecoveredWithinTargetShare, 1.0, 0.2),
                org.Recovery.RecoveredWithinTargetShare is null ? (found.Count == 0 ? "no incidents in the period" : "no incident was resolved in the period") : null),
            new(LongIncidentsKpi, KpiUnit.Count, org.Availability is null && found.Count == 0 ? null : longOnes.Count, 0,
                before.Availability is null && foundBefore.Count == 0 ? null : foundBefore.Count(i => IsLong(i, target, previous.To)),
                org.Availability is null && found.Count == 0 ? KpiStatus.Missing : KpiJudgement.AtMost(longOnes.Count, 0, 2),
                org.Availability is null && found.Count == 0 ? noSli : null),
        };

        var teamTable = new ReportTable("availability-by-team", "Availability per team",
            ["team", "availability", "SLO", "error budget remaining", "coverage", "incidents", "MTTR", "recovered within 5 min"],
            [.. teams.Select(r => (IReadOnlyList<string>)[r.Name, ReportFormat.Percent(r.Availability, 3), ReportFormat.Percent((double)r.SloTarget / 100, 1),
                ReportFormat.Percent(r.ErrorBudgetRemaining, 0), ReportFormat.Percent(r.Coverage, 1), ReportFormat.Count(r.Recovery.Incidents),
                ReportFormat.Duration(r.Recovery.MttrMinutes), ReportFormat.Percent(r.Recovery.RecoveredWithinTargetShare, 0)])],
            teams.Count == 0 ? noSli : null);
        var links = await deployments.LinkAsync(found, cancellationToken);
        var incidentTable = new ReportTable(IncidentsTable, "Incidents that started in the period",
            ["service", "team", "start", "duration", "source", "linked deployment"],
            [.. found.OrderByDescending(i => i.Duration ?? period.To - i.Start).Select(i => (IReadOnlyList<string>)[i.Service, i.Team ?? "", ReportFormat.Utc(i.Start),
                i.End is null ? "open" : ReportFormat.Duration(i.DurationMinutes), i.Source,
                links.TryGetValue(i.Id, out var d) ? Deployment(d, i) : "none in the preceding " + ReportFormat.Duration(deploymentWindow.TotalMinutes)])],
            found.Count == 0 ? (org.Availability is null ? noSli : "no incidents in the period") : null);
        var chart = new ReportChart("availability-by-team", "Availability per team vs SLO", ChartKind.Bar, "team", "availability (%)",
            [.. teams.Select(r => r.Name)], [new ChartSeries("availability", [.. teams.Select(r => r.Availability * 100)])],
            slo * 100, $"SLO {ReportFormat.Percent(slo, 1)}", teams.Count == 0 ? noSli : null);

        var highlights = new List<Highlight>();
        foreach (var breach in teams.Where(r => r.Availability is { } a && a < (double)r.SloTarget / 100).OrderBy(r => r.Availability))
        {
            highlights.Add(new Highlight(
                $"Team {breach.Name} missed its {ReportFormat.Percent((double)breach.SloTarget / 100, 1)} SLO at {ReportFormat.Percent(breach.Availability, 3)} availability (error budget remaining {ReportFormat.Percent(breach.ErrorBudgetRemaining, 0)}).",
                breach.Availability!.Value, $"table availability-by-team, row {breach.Name}"));
        }
        if (longOnes.Count > 0)
        {
            var longest = longOnes.OrderByDescending(i => i.Duration ?? period.To - i.Start).First();
            highlights.Add(new Highlight(
                $"{longOnes.Count} incident(s) lasted longer than {ReportFormat.Duration(target.TotalMinutes)}; the longest was {longest.Service} ({(longest.End is null ? "still open" : ReportFormat.Duration(longest.DurationMinutes))}).",
                longOnes.Count, $"scorecard {LongIncidentsKpi}"));
        }
        foreach (var i in longOnes.Where(i => links.ContainsKey(i.Id)).OrderByDescending(i => i.Duration ?? period.To - i.Start).Take(5))
        {
            var d = links[i.Id];
            var minutes = (i.End ?? period.To) - i.Start;
            highlights.Add(new Highlight(
                $"{i.Service} was down {(i.End is null ? "(still open) " : "")}{ReportFormat.Duration(minutes.TotalMinutes)} from {ReportFormat.Utc(i.Start)}, {ReportFormat.Duration((i.Start - d.Finished).TotalMinutes)} after deployment {d.DeploymentId}{(d.Version is null ? "" : " (version " + d.Version + ")")}.",
                minutes.TotalMinutes, $"table {IncidentsTable}, row {i.Service} {ReportFormat.Utc(i.Start)}"));
        }
        return new ReportSection(scorecard, highlights, [teamTable, incidentTable], [chart], []);
    }

    private static string Deployment(LinkedDeployment d, Incident incident) =>
        $"{d.DeploymentId}{(d.Version is null ? "" : " " + d.Version)}, {ReportFormat.Duration((incident.Start - d.Finished).TotalMinutes)} before";

    private static bool IsLong(Incident incident, TimeSpan target, DateTime periodEnd) =>
        (incident.End ?? periodEnd) - incident.Start > target;
}
