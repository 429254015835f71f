namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// One group's month: spend from the 1st through <paramref name="AsOf"/> (the last complete day with data), the
/// trailing daily run rate, and the projected month-end spend with its 90 % band (<see cref="MonthEndProjection"/>).
/// </summary>
public sealed record CostForecastRow(
    string Group,
    string Currency,
    DateOnly AsOf,
    DateOnly MonthStart,
    int RemainingDays,
    decimal MonthToDate,
    decimal? DailyRate,
    int TrailingDays,
    decimal Forecast,
    decimal Low,
    decimal High);
