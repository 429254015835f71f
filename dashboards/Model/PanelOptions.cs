namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// The visualisation options of the panel types the dashboards use, in one class (each panel type reads its own
/// subset; unset options are left out): stat / gauge / bar gauge (<see cref="ReduceOptions"/> picks the value),
/// time series (<see cref="Legend"/>, <see cref="Tooltip"/>), table (<see cref="ShowHeader"/>, <see cref="SortBy"/>) and text.
/// </summary>
public sealed class PanelOptions
{
    public ReduceOptions? ReduceOptions { get; init; }

    public string? Orientation { get; init; }

    public string? TextMode { get; init; }

    public string? ColorMode { get; init; }

    public string? GraphMode { get; init; }

    public string? JustifyMode { get; init; }

    public bool? ShowPercentChange { get; init; }

    public bool? ShowThresholdLabels { get; init; }

    public bool? ShowThresholdMarkers { get; init; }

    public string? DisplayMode { get; init; }

    public bool? ShowUnfilled { get; init; }

    public string? ValueMode { get; init; }

    public string? NamePlacement { get; init; }

    public LegendOptions? Legend { get; init; }

    public TooltipOptions? Tooltip { get; init; }

    public bool? ShowHeader { get; init; }

    public string? CellHeight { get; init; }

    public IReadOnlyList<TableSortBy>? SortBy { get; init; }

    /// <summary>Text panels: <c>markdown</c>.</summary>
    public string? Mode { get; init; }

    public string? Content { get; init; }
}
