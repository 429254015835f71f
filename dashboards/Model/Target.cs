namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A Prometheus query of a panel. <see cref="Instant"/> queries (tables, current values) evaluate once at the end of the
/// range; range queries draw history. <see cref="Format"/> <c>table</c> turns labels into columns.
/// </summary>
public sealed class Target
{
    public required string RefId { get; init; }

    public required string Expr { get; init; }

    public DataSourceRef Datasource { get; init; } = DataSourceRef.Prometheus;

    public string? LegendFormat { get; init; }

    public bool Instant { get; init; }

    public bool Range { get; init; } = true;

    /// <summary><c>time_series</c> (default) or <c>table</c>.</summary>
    public string? Format { get; init; }

    public string EditorMode { get; init; } = "code";

    public string? Interval { get; init; }
}
