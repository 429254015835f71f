namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// The anomaly detector (<c>Insights:Cost:Anomalies</c>): a service's daily cost against the median and MAD of its
/// previous <see cref="BaselineDays"/> days: the same weekday when there are <see cref="MinWeekdaySamples"/> of them,
/// else the same kind of day (weekend or working day), else all days.
/// </summary>
public sealed class CostAnomalyOptions
{
    public int BaselineDays { get; set; } = 28;

    /// <summary>Samples needed to compare with the same weekday (or, failing that, the same kind of day); fewer compares with every day.</summary>
    public int MinWeekdaySamples { get; set; } = 4;

    /// <summary>Days of history needed before a day is judged at all.</summary>
    public int MinSamples { get; set; } = 7;

    /// <summary>|robust z| from which a day is an anomaly (Iglewicz and Hoaglin's 3.5 for the modified z-score).</summary>
    public double Threshold { get; set; } = 3.5;

    /// <summary>|robust z| from which an anomaly is major, and critical.</summary>
    public double MajorThreshold { get; set; } = 6;

    public double CriticalThreshold { get; set; } = 10;

    /// <summary>
    /// The smallest spread the z-score divides by, as a fraction of the expected cost: keeps a perfectly steady
    /// service (MAD 0) from turning cents of rounding into an anomaly, and few samples of a noisy one from turning
    /// ordinary day-to-day variation into one: at 0.1 and threshold 3.5, a day within ±35 % of expected is never flagged.
    /// </summary>
    public double MinRelativeSpread { get; set; } = 0.1;

    /// <summary>The smallest |actual − expected| (in the billing currency) reported.</summary>
    public decimal MinImpact { get; set; } = 1m;

    internal IEnumerable<string> Validate(string key)
    {
        if (BaselineDays is < 7 or > 366)
        {
            yield return $"{key}:BaselineDays must be between 7 and 366";
        }
        if (MinSamples < 3 || MinSamples > BaselineDays)
        {
            yield return $"{key}:MinSamples must be at least 3 and at most BaselineDays";
        }
        if (MinWeekdaySamples < 2)
        {
            yield return $"{key}:MinWeekdaySamples must be at least 2";
        }
        if (!(Threshold > 0) || !(MajorThreshold >= Threshold) || !(CriticalThreshold >= MajorThreshold))
        {
            yield return $"{key}:Threshold, MajorThreshold and CriticalThreshold must be positive and ascending";
        }
        if (!(MinRelativeSpread >= 0))
        {
            yield return $"{key}:MinRelativeSpread must not be negative";
        }
        if (MinImpact < 0)
        {
            yield return $"{key}:MinImpact must not be negative";
        }
    }
}
