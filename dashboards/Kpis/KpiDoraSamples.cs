using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The delivery gauges as of the events' end: the DORA four keys (DevLake's rules, <see cref="DoraQuery"/>) per service,
/// team and org over 7, 30 and 90 days with their bands (4 elite … 1 low), and the platform KPIs (adoption, CI,
/// environment setup, self-service, cycle time vs baseline) per team and org over 30 days. A key computed from nothing
/// has no sample (DevLake's N/A), never 0.
/// </summary>
public sealed class KpiDoraSamples(DoraQuery dora, ProductivityQuery productivity, DeliveryDataEnd dataEnd, IOptions<ProductivityOptions> options)
{
    public static IReadOnlyList<(string Name, TimeSpan Length)> Windows { get; } =
        [("7d", TimeSpan.FromDays(7)), ("30d", TimeSpan.FromDays(30)), ("90d", TimeSpan.FromDays(90))];

    public async Task<IReadOnlyList<KpiSample>> BuildAsync(CancellationToken cancellationToken)
    {
        var (asOf, _) = await dataEnd.AsOfAsync(cancellationToken);
        return await AsOfAsync(asOf, cancellationToken);
    }

    /// <summary>The gauges as they stood at <paramref name="asOf"/> (the history backfill's days).</summary>
    public async Task<IReadOnlyList<KpiSample>> AsOfAsync(DateTime asOf, CancellationToken cancellationToken)
    {
        var samples = new List<KpiSample>();
        foreach (var (name, length) in Windows)
        {
            var window = new UptimeWindow(name, asOf - length, asOf);
            foreach (var scope in KpiSnapshotBuilder.Scopes)
            {
                foreach (var row in await dora.ForAsync(scope, null, null, window, options.Value.Benchmarks, cancellationToken))
                {
                    samples.AddRange(Of(row, name, length));
                }
            }
        }
        var month = new UptimeWindow("30d", asOf.AddDays(-30), asOf);
        foreach (var scope in new[] { UptimeScope.Team, UptimeScope.Org })
        {
            foreach (var row in await productivity.ForAsync(scope, null, null, month, cancellationToken))
            {
                samples.AddRange(Of(row));
            }
        }
        return samples;
    }

    private static IEnumerable<KpiSample> Of(DoraRow row, string window, TimeSpan length)
    {
        var (scope, team, service) = Labels(row.Scope, row.Name, row.Team);
        string[] labels = [scope, team, service, window];
        foreach (var (metric, value) in new (KpiMetric, double?)[]
        {
            (KpiMetricCatalog.DoraDeploymentFrequency, row.Deployments / length.TotalDays),
            (KpiMetricCatalog.DoraDeploymentDays, row.DeploymentDays),
            (KpiMetricCatalog.DoraLeadTime, row.LeadTimeHours * 3600),
            (KpiMetricCatalog.DoraChangeFailure, row.ChangeFailureRate),
            (KpiMetricCatalog.DoraRecovery, row.FailedDeploymentRecoveryHours * 3600),
            (KpiMetricCatalog.DoraTimeToRestore, row.TimeToRestoreHours * 3600),
        })
        {
            if (value is { } v && double.IsFinite(v))
            {
                yield return new KpiSample(metric, labels, v);
            }
        }
        foreach (var (key, band) in new (string, DoraBand?)[]
        {
            ("deployment_frequency", row.Bands.DeploymentFrequency), ("lead_time", row.Bands.LeadTime),
            ("change_failure", row.Bands.ChangeFailureRate), ("recovery", row.Bands.FailedDeploymentRecovery),
            ("time_to_restore", row.Bands.TimeToRestore),
        })
        {
            if (band is { } b)
            {
                // 4 elite, 3 high, 2 medium, 1 low: higher is better, as the dashboards' colours read.
                yield return new KpiSample(KpiMetricCatalog.DoraBand, [.. labels, key], 4 - (int)b);
            }
        }
    }

    private static IEnumerable<KpiSample> Of(ProductivityRow row)
    {
        var (scope, team, _) = Labels(row.Scope, row.Name, row.Team);
        string[] labels = [scope, team, "30d"];
        foreach (var (metric, value) in new (KpiMetric, double?)[]
        {
            (KpiMetricCatalog.ServiceAdoption, row.ServiceAdoption),
            (KpiMetricCatalog.BuildSuccess, row.BuildSuccessRate),
            (KpiMetricCatalog.BuildDurationP95, row.BuildP95Minutes * 60),
            (KpiMetricCatalog.SetupP50, row.SetupP50Minutes * 60),
            (KpiMetricCatalog.SetupChange, row.SetupTimeChange),
            (KpiMetricCatalog.SelfService, row.SelfServiceShare),
            (KpiMetricCatalog.CycleTimeChange, row.CycleTimeChange),
        })
        {
            if (value is { } v && double.IsFinite(v))
            {
                yield return new KpiSample(metric, labels, v);
            }
        }
    }

    private static (string Scope, string Team, string Service) Labels(UptimeScope scope, string name, string? team) => scope switch
    {
        UptimeScope.Service => ("service", team ?? "", name),
        UptimeScope.Team => ("team", name, ""),
        _ => ("org", "", ""),
    };
}
