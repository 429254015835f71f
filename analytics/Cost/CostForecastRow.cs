namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// One group's month: spend from the 1st through <paramref name="AsOf"/> (the last complete day with data), the
/// trailing daily run rate, and the projected month-end spend with its 90 % band (<see cref="MonthEndProjection"/>).
/// <paramref name="Weekdays"/> is the weekday profile the projection followed (null: the flat trailing rate); it is not part
/// of the API's answer, only what a budget's overrun date walks through.
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
    decimal High,
    [property: System.Text.Json.Serialization.JsonIgnore] WeekdayProfile? Weekdays = null);
