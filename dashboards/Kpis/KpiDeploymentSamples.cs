using Platform.Insights.Analytics.Productivity;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// <c>insights_last_deployment_timestamp_seconds{team,service,env,outcome}</c>: the finish of the latest production
/// deployment (<see cref="ProductionDeploymentQuery"/>) per series, as of the delivery events' end for the live gauge,
/// and for the history both at every step and at the very instant of each deployment — so deployments closer together
/// than the backfill's step each get their own value, and so their own annotation.
/// </summary>
public sealed class KpiDeploymentSamples(ProductionDeploymentQuery deployments, DeliveryDataEnd dataEnd)
{
    public async Task<IReadOnlyList<KpiSample>> BuildAsync(CancellationToken cancellationToken)
    {
        var (asOf, _) = await dataEnd.AsOfAsync(cancellationToken);
        return [.. (await deployments.ForAsync(asOf, asOf, cancellationToken)).Select(Sample)];
    }

    /// <summary>
    /// The gauge's history over <paramref name="steps"/> (ascending): at each step the latest deployment of each series
    /// finished at or before it, never beyond the delivery events' end; and, between steps, one point for the deployed
    /// series at each deployment's finish.
    /// </summary>
    public async Task<IReadOnlyList<(DateTime At, IReadOnlyList<KpiSample> Samples)>> HistoryAsync(IReadOnlyList<DateTime> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return [];
        }
        var (asOf, _) = await dataEnd.AsOfAsync(cancellationToken);
        // Finished at or before the last step: the store keeps microseconds, so one microsecond past it.
        var to = steps[^1] < asOf ? steps[^1].AddTicks(10) : asOf;
        return History(await deployments.ForAsync(steps[0], to, cancellationToken), steps);
    }

    /// <summary>
    /// The history of <paramref name="all"/> (in order of finish: those from the first step on, and the latest of each
    /// series before it) over <paramref name="steps"/> (ascending): see <see cref="HistoryAsync"/>.
    /// </summary>
    public static IReadOnlyList<(DateTime At, IReadOnlyList<KpiSample> Samples)> History(IReadOnlyList<ProductionDeployment> all, IReadOnlyList<DateTime> steps)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return [];
        }
        var stepTimes = steps.ToHashSet();
        var latest = new Dictionary<string, KpiSample>(StringComparer.Ordinal);
        var result = new List<(DateTime, IReadOnlyList<KpiSample>)>(steps.Count + all.Count);
        var next = 0;
        foreach (var step in steps)
        {
            for (; next < all.Count && all[next].Finished <= step; next++)
            {
                var sample = Sample(all[next]);
                latest[sample.SeriesKey] = sample;
                // A deployment that finished between steps gets a point of its own (at a step, the step's point has it).
                if (all[next].Finished >= steps[0] && !stepTimes.Contains(all[next].Finished))
                {
                    result.Add((all[next].Finished, [sample]));
                }
            }
            if (latest.Count > 0)
            {
                result.Add((step, [.. latest.Values]));
            }
        }
        // Two deployments of one series finished at the same instant would be two samples of one timestamp: keep one.
        return [.. result.GroupBy(r => r.Item1).Select(g => (g.Key, (IReadOnlyList<KpiSample>)[.. g.SelectMany(r => r.Item2).DistinctBy(s => s.SeriesKey)]))];
    }

    private static KpiSample Sample(ProductionDeployment d) =>
        new(KpiMetricCatalog.LastDeployment, [d.Team, d.Service, d.Environment, d.Outcome],
            new DateTimeOffset(DateTime.SpecifyKind(d.Finished, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0);
}
