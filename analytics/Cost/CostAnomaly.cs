namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A service's day whose cost is far from its trailing baseline: the actual cost, the expected (median) cost,
/// the impact (actual − expected; negative for a drop), the robust z-score, how many days the baseline had and
/// which days they were: <c>weekday</c> (the same weekday), <c>day-kind</c> (weekend or working days) or <c>all</c>.
/// </summary>
public sealed record CostAnomaly(
    DateOnly Day,
    string Service,
    string Currency,
    decimal Actual,
    decimal Expected,
    decimal Impact,
    double Z,
    AnomalySeverity Severity,
    int BaselineDays,
    string ComparedWith);
