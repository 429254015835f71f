namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// The visualisation's own field options (<c>fieldConfig.defaults.custom</c>): line style for time series
/// (<see cref="DrawStyle"/>, <see cref="FillOpacity"/>, threshold lines) and cell options for tables.
/// </summary>
public sealed class FieldCustom
{
    public string? DrawStyle { get; init; }

    public int? LineWidth { get; init; }

    public int? FillOpacity { get; init; }

    public string? ShowPoints { get; init; }

    public bool? SpanNulls { get; init; }

    public string? LineInterpolation { get; init; }

    /// <summary><c>{"mode": "line"}</c> draws the thresholds (the targets) as lines on a time series.</summary>
    public ThresholdsStyle? ThresholdsStyle { get; init; }

    public StackingOptions? Stacking { get; init; }

    public string? Align { get; init; }

    public bool? Filterable { get; init; }

    public static FieldCustom Lines(int fillOpacity = 10, bool targetLine = false, bool stacked = false) => new()
    {
        DrawStyle = "line",
        LineWidth = 1,
        FillOpacity = fillOpacity,
        ShowPoints = "never",
        SpanNulls = true,
        LineInterpolation = "linear",
        ThresholdsStyle = new ThresholdsStyle(targetLine ? "line" : "off"),
        Stacking = new StackingOptions(stacked ? "normal" : "none"),
    };

    public static FieldCustom Bars() => new()
    {
        DrawStyle = "bars",
        LineWidth = 1,
        FillOpacity = 80,
        ShowPoints = "never",
        ThresholdsStyle = new ThresholdsStyle("off"),
        Stacking = new StackingOptions("normal"),
    };
}
