using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The cost gauges as of one billing day: that day's effective cost per team, service and org, month to date and the
/// month-end forecast per team and org, budgets as they stood that day, the change vs the configured baseline and the
/// unallocated share of the last 30 days. Money stays per currency (never summed across currencies).
/// </summary>
public sealed class KpiCostSamples(CostQuery costs, CostForecastQuery forecasts, BudgetQuery budgets, CostChangeQuery changes)
{
    /// <param name="day">The last complete billing day counted.</param>
    /// <param name="teamOfService">The catalog team of each service (services outside the catalog get no team label).</param>
    public async Task<IReadOnlyList<KpiSample>> AsOfAsync(DateOnly day, IReadOnlyDictionary<string, string> teamOfService, CancellationToken cancellationToken)
    {
        var samples = new List<KpiSample>();
        var dayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var byTeam = await costs.ByAsync(CostDimension.Team, dayStart, dayStart.AddDays(1), null, cancellationToken);
        samples.AddRange(byTeam.Select(r => new KpiSample(KpiMetricCatalog.CostDaily, ["team", r.Group, "", r.Currency], (double)r.EffectiveCost)));
        samples.AddRange(byTeam.GroupBy(r => r.Currency, StringComparer.Ordinal)
            .Select(g => new KpiSample(KpiMetricCatalog.CostDaily, ["org", "", "", g.Key], (double)g.Sum(r => r.EffectiveCost))));
        var byService = await costs.ByAsync(CostDimension.Service, dayStart, dayStart.AddDays(1), null, cancellationToken);
        samples.AddRange(byService.Select(r => new KpiSample(KpiMetricCatalog.CostDaily, ["service", teamOfService.GetValueOrDefault(r.Group, ""), r.Group, r.Currency], (double)r.EffectiveCost)));

        foreach (var (dimension, scope) in new (CostDimension?, string)[] { (CostDimension.Team, "team"), (null, "org") })
        {
            foreach (var row in await forecasts.ForecastAsync(dimension, CostBasis.Effective, null, day, cancellationToken))
            {
                var team = scope == "team" ? row.Group : "";
                samples.Add(new KpiSample(KpiMetricCatalog.CostMonthToDate, [scope, team, row.Currency], (double)row.MonthToDate));
                samples.Add(new KpiSample(KpiMetricCatalog.CostForecast, [scope, team, row.Currency], (double)row.Forecast));
            }
        }

        var last30 = dayStart.AddDays(-29);
        foreach (var row in await changes.CompareAsync(last30, dayStart.AddDays(1), CostBasis.Effective, null, cancellationToken))
        {
            if (row.ChangeVsBaseline is { } change)
            {
                var org = row.Team == CostTrendQuery.AllGroup;
                samples.Add(new KpiSample(KpiMetricCatalog.CostChangeVsBaseline, [org ? "org" : "team", org ? "" : row.Team, row.Currency], change));
            }
        }
        var month = await costs.ByAsync(CostDimension.Team, last30, dayStart.AddDays(1), null, cancellationToken);
        foreach (var currency in month.GroupBy(r => r.Currency, StringComparer.Ordinal))
        {
            var total = currency.Sum(r => r.EffectiveCost);
            if (total != 0)
            {
                var unallocated = currency.Where(r => r.Group == "unallocated").Sum(r => r.EffectiveCost);
                samples.Add(new KpiSample(KpiMetricCatalog.Unallocated, [currency.Key], (double)(unallocated / total)));
            }
        }

        foreach (var budget in await budgets.AssessAsync(null, day, cancellationToken))
        {
            var isTeam = budget.Scope == "team";
            string[] labels = [budget.Scope, isTeam ? budget.Name : teamOfService.GetValueOrDefault(budget.Name, ""), isTeam ? "" : budget.Name];
            samples.Add(new KpiSample(KpiMetricCatalog.BudgetAmount, [.. labels, budget.Currency], (double)budget.Amount));
            samples.Add(new KpiSample(KpiMetricCatalog.BudgetRatio, labels, budget.ForecastShare));
        }
        return samples;
    }
}
