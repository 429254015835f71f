namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A configured monthly budget (team or service, in one currency, on the EffectiveCost or BilledCost basis) against
/// the month as of <paramref name="AsOf"/>: spend so far, the forecast and its band, the shares of the amount they
/// use, the status and the projected overrun date (null unless at risk with a positive run rate).
/// </summary>
public sealed record BudgetRow(
    string Scope,
    string Name,
    string Currency,
    CostBasis Basis,
    decimal Amount,
    DateOnly? AsOf,
    decimal MonthToDate,
    decimal Forecast,
    decimal Low,
    decimal High,
    double UsedShare,
    double ForecastShare,
    BudgetStatus Status,
    DateOnly? OverrunDate);
