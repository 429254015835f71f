namespace Platform.Insights.Dashboards.Model;

/// <summary>How a field is coloured: <c>thresholds</c>, <c>palette-classic</c> or <c>fixed</c> (<see cref="FixedColor"/>).</summary>
public sealed record FieldColor(string Mode, string? FixedColor = null)
{
    public static FieldColor ByThresholds { get; } = new("thresholds");

    public static FieldColor Palette { get; } = new("palette-classic");
}
