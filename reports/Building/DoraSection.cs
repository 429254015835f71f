using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// DORA per team (per service in a team report) for the period, straight from <see cref="DoraQuery"/> — the report
/// never recomputes the four keys: a chart of the four bands (by name: Low … Elite), a table with each figure, its count
/// and band and the band changes vs the previous period, and highlights of band changes (the org's from the scorecard,
/// teams that fell a band from the table).
/// </summary>
public sealed class DoraSection(DoraQuery dora, IOptions<ProductivityOptions> options)
{
    public const string TableId = "dora-by-team";
    public const string ChartId = "dora-by-team";

    /// <summary>The four keys the scorecard grades, in the order of the chart's series.</summary>
    public static IReadOnlyList<(string Name, Func<DoraBands, DoraBand?> Band)> Keys { get; } =
    [
        ("deployment frequency", b => b.DeploymentFrequency),
        ("lead time", b => b.LeadTime),
        ("change failure rate", b => b.ChangeFailureRate),
        ("recovery time", b => b.FailedDeploymentRecovery),
    ];

    public async Task<ReportSection> BuildAsync(ReportPeriod period, ReportPeriod previous, string? team, IReadOnlyList<ScorecardRow> scorecard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(scorecard);
        var benchmarks = options.Value.Benchmarks;
        var scope = team is null ? UptimeScope.Team : UptimeScope.Service;
        var by = team is null ? "team" : "service";
        var now = await dora.ForAsync(scope, null, team, new UptimeWindow(period.Name, period.From, period.To), benchmarks, cancellationToken);
        var before = (await dora.ForAsync(scope, null, team, new UptimeWindow(previous.Name, previous.From, previous.To), benchmarks, cancellationToken))
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
        var noDeployments = "no successful production deployments in the period";
        var graded = now.Any(r => Keys.Any(k => k.Band(r.Bands) is not null));

        var chart = new ReportChart(ChartId, $"DORA bands per {by} ({Benchmarks(benchmarks)} bands)", ChartKind.Bar, by, "DORA band",
            [.. now.Select(r => r.Name)],
            [.. Keys.Select(k => new ChartSeries(k.Name, [.. now.Select(r => DeliveryScorecard.BandValue(k.Band(r.Bands)))]))],
            Missing: now.Count == 0 ? $"no catalog {by}s and no deployments" : graded ? null : noDeployments,
            Levels: ReportFormat.BandNames);

        var table = new ReportTable(TableId, $"DORA per {by} ({Benchmarks(benchmarks)} bands)",
            [by, "deployments", "deployment frequency", "lead time", "change failure rate", "recovery time", "band changes vs previous"],
            [.. now.Select(r => (IReadOnlyList<string>)[r.Name, ReportFormat.Count(r.Deployments),
                Cell(r.DeploymentFrequency is { } f ? $"{f:0.#} days/week" : null, r.Bands.DeploymentFrequency, noDeployments),
                Cell(r.LeadTimeHours is { } l ? $"{ReportFormat.Duration(l * 60)} (n={r.LeadTimeCount})" : null, r.Bands.LeadTime, "no deployments with a first-commit time"),
                Cell(r.ChangeFailureRate is { } c ? $"{ReportFormat.Percent(c, 1)} ({r.FailedDeployments}/{r.Deployments})" : null, r.Bands.ChangeFailureRate, noDeployments),
                Cell(r.FailedDeploymentRecoveryHours is { } h ? $"{ReportFormat.Duration(h * 60)} (n={r.RecoveryCount})" : null, r.Bands.FailedDeploymentRecovery, "no resolved incident linked to a deployment"),
                Changes(r, before.GetValueOrDefault(r.Name))])],
            now.Count == 0 ? $"no catalog {by}s and no deployments" : null);

        var highlights = new List<Highlight>();
        foreach (var row in scorecard.Where(r => r.Unit == KpiUnit.Band && r.Value is not null && r.Previous is not null && r.Value != r.Previous))
        {
            highlights.Add(new Highlight(
                $"{row.Kpi} {(row.Value > row.Previous ? "rose" : "fell")} from {row.PreviousName} to {row.ValueName} vs {previous.Name}.",
                row.Value!.Value, $"scorecard {row.Kpi}"));
        }
        var drops = now.SelectMany(r => Keys.Select(k => (Row: r, Key: k.Name, Now: DeliveryScorecard.BandValue(k.Band(r.Bands)),
                Before: before.TryGetValue(r.Name, out var b) ? DeliveryScorecard.BandValue(k.Band(b.Bands)) : null)))
            .Where(d => d.Now is not null && d.Before is not null && d.Now < d.Before)
            .OrderBy(d => d.Now - d.Before).ThenBy(d => d.Row.Name, StringComparer.Ordinal).Take(5);
        foreach (var d in drops)
        {
            highlights.Add(new Highlight(
                $"{(team is null ? "Team" : "Service")} {d.Row.Name}: {d.Key} band fell from {ReportFormat.Band(d.Before)} to {ReportFormat.Band(d.Now)}.",
                d.Now!.Value, $"table {TableId}, row {d.Row.Name}"));
        }
        return new ReportSection([], highlights, [table], [chart], []);
    }

    private static string Cell(string? figure, DoraBand? band, string missing) =>
        figure is null ? "missing: " + missing : $"{figure}, {ReportFormat.Band(DeliveryScorecard.BandValue(band))}";

    private static string Changes(DoraRow now, DoraRow? before)
    {
        if (before is null || Keys.All(k => k.Band(before.Bands) is null))
        {
            return "no bands in the previous period";
        }
        var changes = Keys.Select(k => (k.Name, Now: DeliveryScorecard.BandValue(k.Band(now.Bands)), Before: DeliveryScorecard.BandValue(k.Band(before.Bands))))
            .Where(c => c.Now is not null && c.Before is not null && c.Now != c.Before)
            .Select(c => $"{c.Name} {ReportFormat.Band(c.Before)} → {ReportFormat.Band(c.Now)}").ToList();
        return changes.Count == 0 ? "none" : string.Join("; ", changes);
    }

    private static string Benchmarks(DoraBenchmarks benchmarks) => benchmarks == DoraBenchmarks.Report2021 ? "2021" : "2023";
}
