namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A panel: <c>timeseries</c>, <c>stat</c>, <c>gauge</c>, <c>bargauge</c>, <c>table</c>, <c>text</c> or a <c>row</c> header.
/// Every data panel reads the <c>${datasource}</c> variable; <see cref="Options"/> and
/// <see cref="FieldConfig"/> hold the visualisation's settings.
/// </summary>
public sealed record Panel
{
    public required int Id { get; init; }

    public required string Type { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required GridPos GridPos { get; init; }

    public DataSourceRef? Datasource { get; init; }

    public IReadOnlyList<Target>? Targets { get; init; }

    public FieldConfig? FieldConfig { get; init; }

    public PanelOptions? Options { get; init; }

    public IReadOnlyList<Transformation>? Transformations { get; init; }

    /// <summary>Panel header links (drill-down to another dashboard).</summary>
    public IReadOnlyList<DataLink>? Links { get; init; }

    /// <summary>Rows only: whether the row starts collapsed.</summary>
    public bool? Collapsed { get; init; }

    /// <summary>Rows only: the panels of a collapsed row (empty for an open row, whose panels follow it).</summary>
    public IReadOnlyList<Panel>? Panels { get; init; }

    /// <summary>Stat and table panels: a shorter interval so instant-style panels stay cheap.</summary>
    public string? Interval { get; init; }

    public bool IsRow => Type == "row";
}
