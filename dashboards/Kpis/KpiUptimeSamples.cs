using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>The uptime KPI rows as gauge samples (null figures have no sample: no data is not zero).</summary>
internal static class KpiUptimeSamples
{
    public static IEnumerable<KpiSample> Of(UptimeKpiRow row, string window, bool withTargets)
    {
        var (scope, team, service) = Labels(row);
        string[] windowed = [scope, team, service, window];
        var recovery = row.Recovery;
        foreach (var (metric, value) in new (KpiMetric, double?)[]
        {
            (KpiMetricCatalog.Availability, row.Availability),
            (KpiMetricCatalog.Coverage, row.Coverage),
            (KpiMetricCatalog.BudgetRemaining, row.ErrorBudgetRemaining),
            (KpiMetricCatalog.Incidents, recovery.Incidents),
            (KpiMetricCatalog.Mttr, recovery.MttrMinutes * 60),
            (KpiMetricCatalog.MedianRecovery, recovery.MedianRecoveryMinutes * 60),
            (KpiMetricCatalog.RecoveredWithinTarget, recovery.RecoveredWithinTargetShare),
        })
        {
            if (value is { } v && double.IsFinite(v))
            {
                yield return new KpiSample(metric, windowed, v);
            }
        }
        if (withTargets)
        {
            yield return new KpiSample(KpiMetricCatalog.SloTarget, [scope, team, service], (double)row.SloTarget / 100);
            yield return new KpiSample(KpiMetricCatalog.OpenIncidents, [scope, team, service], recovery.Open);
        }
    }

    /// <summary>Burn rates of a service row over every alert window it has a figure for.</summary>
    public static IEnumerable<KpiSample> BurnRates(UptimeKpiRow row) =>
        row.Scope != UptimeScope.Service
            ? []
            : row.BurnRates.Where(b => b.Value is { } v && double.IsFinite(v))
                .Select(b => new KpiSample(KpiMetricCatalog.BurnRate, [row.Team ?? "", row.Name, b.Key], b.Value!.Value));

    private static (string Scope, string Team, string Service) Labels(UptimeKpiRow row) => row.Scope switch
    {
        UptimeScope.Service => ("service", row.Team ?? "", row.Name),
        UptimeScope.Team => ("team", row.Name, ""),
        _ => ("org", "", ""),
    };
}
