namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// Threshold steps, ascending: the first step's value is null (minus infinity); each later step colours values at or
/// above it.
/// </summary>
public sealed record Thresholds(IReadOnlyList<ThresholdStep> Steps, string Mode = "absolute")
{
    /// <summary>Red below <paramref name="target"/>, green at or above (availability, adoption).</summary>
    public static Thresholds AtLeast(double target, string below = "red", string atOrAbove = "green") =>
        new([new ThresholdStep(below, null), new ThresholdStep(atOrAbove, target)]);

    /// <summary>Green below <paramref name="limit"/>, red at or above (recovery time, budget use, cost change).</summary>
    public static Thresholds Below(double limit, string below = "green", string atOrAbove = "red") =>
        new([new ThresholdStep(below, null), new ThresholdStep(atOrAbove, limit)]);

    /// <summary>No colouring rule: one base step.</summary>
    public static Thresholds Neutral(string color = "blue") => new([new ThresholdStep(color, null)]);
}
