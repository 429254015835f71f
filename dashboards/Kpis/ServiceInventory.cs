using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>The catalog's services with their team, system and lifecycle (the <c>insights_service_info</c> series).</summary>
public sealed class ServiceInventory(InsightsDatabase database)
{
    public async Task<IReadOnlyList<KpiSample>> InfoAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, coalesce(team, ''), coalesce(system, ''), coalesce(lifecycle, '') FROM catalog_services ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var samples = new List<KpiSample>();
        while (await reader.ReadAsync(cancellationToken))
        {
            samples.Add(new KpiSample(KpiMetricCatalog.ServiceInfo, [reader.GetString(1), reader.GetString(0), reader.GetString(2), reader.GetString(3)], 1));
        }
        return samples;
    }

    /// <summary>Each catalog service's team, from its info samples.</summary>
    public static IReadOnlyDictionary<string, string> TeamOfService(IEnumerable<KpiSample> info) =>
        info.Where(s => s.Metric == KpiMetricCatalog.ServiceInfo).ToDictionary(s => s.LabelValues[1], s => s.LabelValues[0], StringComparer.Ordinal);
}
