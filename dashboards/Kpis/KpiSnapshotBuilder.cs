using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// Every KPI gauge as of now (the data's end when it ends earlier): uptime per service, team and org over the rolling
/// windows, burn rates over the alert windows, cost as of the last complete billing day, budgets, DORA, the platform
/// KPIs and the latest production deployments as of the events' end, the idle-resource findings, and the catalog.
/// </summary>
public sealed class KpiSnapshotBuilder(
    UptimeKpiHistory uptimeHistory, UptimeKpiQuery uptime, SliDataEnd sliEnd, BillingDataEnd billingEnd, KpiCostSamples cost, KpiDoraSamples delivery, KpiDeploymentSamples deployments, KpiIdleSamples idle, ServiceInventory inventory)
{
    public static IReadOnlyList<string> Windows { get; } = ["1d", "7d", "28d", "30d"];

    public static IReadOnlyList<UptimeScope> Scopes { get; } = [UptimeScope.Service, UptimeScope.Team, UptimeScope.Org];

    public async Task<IReadOnlyList<KpiSample>> BuildAsync(CancellationToken cancellationToken)
    {
        var samples = new List<KpiSample>();
        var info = await inventory.InfoAsync(cancellationToken);
        samples.AddRange(info);

        var (asOf, _) = await sliEnd.AsOfAsync(cancellationToken);
        // One bucketed SLI pass gives every scope and window; the alert windows shorter than an hour come from the
        // KPI query itself, which computes all of them for the services.
        foreach (var point in await uptimeHistory.ComputeAsync(asOf, asOf, TimeSpan.FromHours(1), Windows, Scopes, cancellationToken))
        {
            samples.AddRange(point.Rows.SelectMany(r => KpiUptimeSamples.Of(r, point.Window, withTargets: point.Window == "30d")));
        }
        var services = await uptime.ComputeAsync(UptimeScope.Service, null, "1d", null, asOf, null, cancellationToken);
        samples.AddRange(services.Rows.SelectMany(KpiUptimeSamples.BurnRates));

        if (await billingEnd.LastCompleteDayAsync(cancellationToken) is { } day)
        {
            samples.AddRange(await cost.AsOfAsync(day, ServiceInventory.TeamOfService(info), cancellationToken));
        }
        samples.AddRange(await delivery.BuildAsync(cancellationToken));
        samples.AddRange(await deployments.BuildAsync(cancellationToken));
        samples.AddRange(await idle.BuildAsync(cancellationToken));
        return samples;
    }
}
