using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The KPI gauges as they stood at every step of the past (the dashboards' history, <c>insights dashboards backfill</c>):
/// uptime from <see cref="UptimeKpiHistory"/> at each step, cost as of the last complete billing day before each step
/// (held until the next day is complete, as a live gauge would be), DORA and the platform KPIs as of the start of each
/// step's day (held for the day: they move with discrete events and cost ~11 queries a point), the catalog at every
/// step, and the latest production deployments at every step and at each deployment's finish
/// (<see cref="KpiDeploymentSamples"/>, so each past deployment is an annotation). Burn rates of windows shorter than
/// the step and budgets (assessed as of now only) are not in the history.
/// </summary>
public sealed class KpiHistoryBuilder(
    UptimeKpiHistory uptimeHistory, SliDataEnd sliEnd, BillingDataEnd billingEnd, KpiCostSamples cost, KpiDoraSamples delivery, KpiDeploymentSamples deployments, DeliveryDataEnd deliveryEnd, ServiceInventory inventory)
{
    /// <param name="days">How far back from the data's end.</param>
    /// <param name="progress">Called with the number of steps done and the total.</param>
    public async Task<IReadOnlyList<(DateTime At, IReadOnlyList<KpiSample> Samples)>> BuildAsync(
        int days, TimeSpan step, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var (end, _) = await sliEnd.AsOfAsync(cancellationToken);
        var to = new DateTime(end.Ticks - (end.Ticks % step.Ticks), DateTimeKind.Utc);
        var from = to.AddDays(-days);
        var info = await inventory.InfoAsync(cancellationToken);
        var teams = ServiceInventory.TeamOfService(info);

        var uptime = await uptimeHistory.ComputeAsync(from, to, step, KpiSnapshotBuilder.Windows, KpiSnapshotBuilder.Scopes, cancellationToken);
        var byTime = uptime.GroupBy(p => p.AsOf).ToDictionary(g => g.Key, g => g.ToList());

        var lastBillingDay = await billingEnd.LastCompleteDayAsync(cancellationToken);
        var costByDay = new Dictionary<DateOnly, IReadOnlyList<KpiSample>>();
        var (deliveryAsOf, _) = await deliveryEnd.AsOfAsync(cancellationToken);
        var deliveryByDay = new Dictionary<DateOnly, IReadOnlyList<KpiSample>>();
        var steps = byTime.Keys.Order().ToList();
        var result = new List<(DateTime, IReadOnlyList<KpiSample>)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var at = steps[i];
            var samples = new List<KpiSample>(info);
            foreach (var point in byTime[at])
            {
                samples.AddRange(point.Rows.SelectMany(r => KpiUptimeSamples.Of(r, point.Window, withTargets: point.Window == "30d")));
            }
            // The billing day complete at this step: the day before it (a day is complete once it has ended).
            var day = DateOnly.FromDateTime(at).AddDays(-1);
            if (lastBillingDay is { } last && day <= last)
            {
                if (!costByDay.TryGetValue(day, out var daily))
                {
                    daily = await cost.AsOfAsync(day, teams, cancellationToken);
                    costByDay[day] = daily;
                }
                samples.AddRange(daily);
            }
            // Delivery KPIs as of midnight of the step's day, never beyond the events' end (no figures from the future).
            var midnight = at.Date;
            if (midnight <= deliveryAsOf)
            {
                var today = DateOnly.FromDateTime(midnight);
                if (!deliveryByDay.TryGetValue(today, out var kpis))
                {
                    kpis = await delivery.AsOfAsync(DateTime.SpecifyKind(midnight, DateTimeKind.Utc), cancellationToken);
                    deliveryByDay[today] = kpis;
                }
                samples.AddRange(kpis);
            }
            result.Add((at, samples));
            progress?.Invoke(i + 1, steps.Count);
        }
        // The deployment points between steps are entries of their own; the writer orders each series' points by time.
        var deployed = await deployments.HistoryAsync(steps, cancellationToken);
        var byStep = result.ToDictionary(r => r.Item1, r => r.Item2);
        foreach (var (at, points) in deployed)
        {
            if (byStep.TryGetValue(at, out var samples))
            {
                byStep[at] = [.. samples, .. points];
            }
            else
            {
                byStep[at] = points;
            }
        }
        return [.. byStep.OrderBy(p => p.Key).Select(p => (p.Key, p.Value))];
    }
}
