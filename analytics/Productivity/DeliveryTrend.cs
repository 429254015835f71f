namespace Platform.Insights.Analytics.Productivity;

/// <summary>How a time figure moved against its baseline, as the seed's targets are stated ("50 % faster", "40 % reduction").</summary>
public static class DeliveryTrend
{
    /// <summary>(current − baseline) ÷ baseline: −0.5 is half the baseline's time; null without both or with a zero baseline.</summary>
    public static double? Change(double? current, double? baseline) =>
        current is { } c && baseline is { } b && b > 0 ? (c - b) / b : null;

    /// <summary>Whether a change is at least the target reduction (a target of 0.5 needs a change of −50 % or more).</summary>
    public static bool? Met(double? change, double reductionTarget) => change is { } c ? c <= -reductionTarget + 1e-12 : null;

    /// <summary>part ÷ whole, null when the whole is empty.</summary>
    public static double? Share(long part, long whole) => whole > 0 ? (double)part / whole : null;
}
