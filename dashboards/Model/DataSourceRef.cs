namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A data source reference. Panels point at the <c>datasource</c> template variable (<see cref="Prometheus"/>), never at a
/// data source uid, so a dashboard works on any Grafana whatever its Prometheus data source is called.
/// </summary>
public sealed record DataSourceRef(string Type, string Uid)
{
    public const string VariableName = "datasource";

    public static DataSourceRef Prometheus { get; } = new("prometheus", "${" + VariableName + "}");

    /// <summary>Grafana's own annotations and alerts.</summary>
    public static DataSourceRef Grafana { get; } = new("grafana", "-- Grafana --");
}
