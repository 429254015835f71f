using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The idle-resource gauges: monthly savings of the findings worth acting on (Idle, Underutilized, Scheduled) per team
/// and currency, and resources per team, type and state. Savings without a billing match count as resources, not money.
/// </summary>
public sealed class KpiIdleSamples(IIdleFindings findings)
{
    public async Task<IReadOnlyList<KpiSample>> BuildAsync(CancellationToken cancellationToken)
    {
        var all = await findings.ListAsync(new IdleFindingFilter(), cancellationToken);
        var samples = new List<KpiSample>();
        foreach (var group in all.Where(f => f.State is IdleState.Idle or IdleState.Underutilized or IdleState.Scheduled && f.MonthlySavings is not null && f.Currency is not null)
                     .GroupBy(f => (Team: f.Team ?? "", Currency: f.Currency!)))
        {
            samples.Add(new KpiSample(KpiMetricCatalog.IdleSavingsMonthly, [group.Key.Team, group.Key.Currency], (double)group.Sum(f => f.MonthlySavings!.Value)));
        }
        foreach (var group in all.GroupBy(f => (Team: f.Team ?? "", f.ResourceType, f.State)))
        {
            samples.Add(new KpiSample(KpiMetricCatalog.IdleResources, [group.Key.Team, group.Key.ResourceType, group.Key.State.ToString().ToLowerInvariant()], group.Count()));
        }
        return samples;
    }
}
