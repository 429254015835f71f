namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// One team's (or <c>(all)</c> teams') spend in one currency over a period, normalised per day, against the previous
/// period of equal length and the configured baseline: ratios are daily cost / reference daily cost − 1
/// (−0.25 is a 25 % reduction); null when the reference is absent or 0.
/// </summary>
public sealed record CostChangeRow(
    string Team,
    string Currency,
    decimal Cost,
    decimal DailyCost,
    decimal? PreviousDailyCost,
    double? ChangeVsPrevious,
    decimal? BaselineDailyCost,
    double? ChangeVsBaseline);
