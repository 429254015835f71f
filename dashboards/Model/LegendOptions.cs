namespace Platform.Insights.Dashboards.Model;

/// <summary>A time series legend: <c>list</c> or <c>table</c> at the <c>bottom</c> or <c>right</c>, with optional <see cref="Calcs"/>.</summary>
public sealed record LegendOptions(string DisplayMode, string Placement, bool ShowLegend, IReadOnlyList<string> Calcs)
{
    public static LegendOptions Bottom { get; } = new("list", "bottom", true, []);

    public static LegendOptions TableRight { get; } = new("table", "right", true, ["lastNotNull", "mean"]);
}
