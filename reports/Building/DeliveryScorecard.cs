using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The productivity rows of the scorecard from the delivery KPIs for exactly the report's period and the one before:
/// adoption, self-service share, environment setup and development cycle time vs their baseline
/// (<see cref="ProductivityQuery"/>), and the DORA bands by DevLake's rules (<see cref="DoraQuery"/>; machine value 4
/// elite … 1 low, shown by name; elite/high on track — the target is High —, medium at risk, low off track). A figure
/// with no events behind it is missing, with the reason, never zero.
/// </summary>
public sealed class DeliveryScorecard(ProductivityQuery productivity, DoraQuery dora, IOptions<ProductivityOptions> options) : IProductivityKpis
{
    public async Task<IReadOnlyList<ScorecardRow>> ScorecardAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        var o = options.Value;
        var scope = team is null ? UptimeScope.Org : UptimeScope.Team;
        var now = await PlatformAsync(scope, team, period, cancellationToken);
        var before = await PlatformAsync(scope, team, previous, cancellationToken);
        var doraNow = Single(await dora.ForAsync(scope, null, team, Window(period), o.Benchmarks, cancellationToken));
        var doraBefore = Single(await dora.ForAsync(scope, null, team, Window(previous), o.Benchmarks, cancellationToken));
        return
        [
            Row("Adoption (services deploying through the platform)", KpiUnit.Ratio, now?.ServiceAdoption, before?.ServiceAdoption, o.AdoptionTarget, higherIsBetter: true,
                "missing: no catalog services or no production deployments in the period"),
            Row("Self-service share of tasks", KpiUnit.Ratio, now?.SelfServiceShare, before?.SelfServiceShare, o.SelfServiceTarget, higherIsBetter: true,
                "missing: no environment provisioning events in the period"),
            Row("Environment setup time vs baseline", KpiUnit.Change, now?.SetupTimeChange, before?.SetupTimeChange, -o.SetupTimeReductionTarget, higherIsBetter: false,
                "missing: no environment provisioning events in the period or its baseline"),
            Row("Development cycle time vs baseline", KpiUnit.Change, now?.CycleTimeChange, before?.CycleTimeChange, -o.CycleTimeReductionTarget, higherIsBetter: false,
                "missing: no production deployments with a first-commit time in the period or its baseline"),
            Band("DORA deployment frequency band", doraNow?.Bands.DeploymentFrequency, doraBefore?.Bands.DeploymentFrequency, "missing: no successful production deployments in the period"),
            Band("DORA lead time band", doraNow?.Bands.LeadTime, doraBefore?.Bands.LeadTime, "missing: no deployments with labels.first_commit_at in the period"),
            Band("DORA change failure rate band", doraNow?.Bands.ChangeFailureRate, doraBefore?.Bands.ChangeFailureRate, "missing: no successful production deployments in the period"),
            Band("DORA recovery time band", doraNow?.Bands.FailedDeploymentRecovery, doraBefore?.Bands.FailedDeploymentRecovery, "missing: no resolved incident linked to a deployment in the period"),
        ];
    }

    private async Task<ProductivityRow?> PlatformAsync(UptimeScope scope, string? team, ReportPeriod period, CancellationToken cancellationToken) =>
        Single(await productivity.ForAsync(scope, null, team, Window(period), cancellationToken));

    /// <summary>The one row of an org or one-team query (none when the team has no data).</summary>
    private static T? Single<T>(IReadOnlyList<T> rows) where T : class => rows.Count > 0 ? rows[0] : null;

    private static UptimeWindow Window(ReportPeriod period) => new(period.Name, period.From, period.To);

    private static ScorecardRow Row(string kpi, KpiUnit unit, double? value, double? previous, double target, bool higherIsBetter, string missing)
    {
        var status = higherIsBetter ? KpiJudgement.AtLeast(value, target, 0.05) : KpiJudgement.AtMost(value, target, 0.10);
        return new ScorecardRow(kpi, unit, value, target, previous, status, value is null ? missing : null);
    }

    private static ScorecardRow Band(string kpi, DoraBand? band, DoraBand? previous, string missing)
    {
        var status = band switch
        {
            DoraBand.Elite or DoraBand.High => KpiStatus.OnTrack,
            DoraBand.Medium => KpiStatus.AtRisk,
            DoraBand.Low => KpiStatus.OffTrack,
            _ => KpiStatus.Missing,
        };
        return new ScorecardRow(kpi, KpiUnit.Band, BandValue(band), BandValue(DoraBand.High), BandValue(previous), status, band is null ? missing : null);
    }

    /// <summary>A band's machine value: 4 elite, 3 high, 2 medium, 1 low (higher is better, so charts and changes read naturally).</summary>
    public static double? BandValue(DoraBand? band) => band is { } b ? 4 - (int)b : null;
}
