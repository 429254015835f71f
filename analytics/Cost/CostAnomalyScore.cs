namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// The robust z-score of a day against its baseline: (actual − expected) / spread, where spread = 1.4826·MAD (the MAD
/// scaled to estimate a normal standard deviation, Iglewicz and Hoaglin's modified z-score) floored at
/// <see cref="CostAnomalyOptions.MinRelativeSpread"/>·|expected| (and at one cent), so a service whose cost never
/// varies is not flagged for rounding. A day is an anomaly when |z| ≥ the threshold and |impact| ≥ the minimum impact.
/// </summary>
public sealed record CostAnomalyScore(double Z, decimal Impact, AnomalySeverity? Severity)
{
    public const double MadToSigma = 1.4826;

    public static CostAnomalyScore Of(decimal actual, double expected, double mad, CostAnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spread = Math.Max(Math.Max(MadToSigma * Math.Abs(mad), options.MinRelativeSpread * Math.Abs(expected)), 0.01);
        var z = ((double)actual - expected) / spread;
        var impact = actual - decimal.Round((decimal)expected, 6, MidpointRounding.AwayFromZero);
        var magnitude = Math.Abs(z);
        AnomalySeverity? severity = magnitude < options.Threshold || Math.Abs(impact) < options.MinImpact ? null
            : magnitude >= options.CriticalThreshold ? AnomalySeverity.Critical
            : magnitude >= options.MajorThreshold ? AnomalySeverity.Major
            : AnomalySeverity.Minor;
        return new CostAnomalyScore(z, impact, severity);
    }
}
