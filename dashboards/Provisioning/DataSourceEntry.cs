namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>
/// One entry of Grafana's data source provisioning file (<c>provisioning/datasources/*.yaml</c>, <c>datasources:</c>).
/// The dashboards do not depend on its uid (they pick a Prometheus by the <c>datasource</c> variable); a fixed uid
/// only keeps Grafana from creating a second one on each restart.
/// </summary>
public sealed class DataSourceEntry
{
    public required string Name { get; init; }

    public string Type { get; init; } = "prometheus";

    public required string Uid { get; init; }

    public string Access { get; init; } = "proxy";

    public required string Url { get; init; }

    public bool IsDefault { get; init; } = true;

    public bool Editable { get; init; }

    public IReadOnlyDictionary<string, string> JsonData { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
