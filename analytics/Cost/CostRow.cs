namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Spend of one group in one currency: FOCUS BilledCost and EffectiveCost summed exactly, the rows summed,
/// and <paramref name="Share"/> of the currency's total BilledCost (a fraction; null when that total is 0).
/// </summary>
public sealed record CostRow(string Group, string Currency, decimal BilledCost, decimal EffectiveCost, long Rows, double? Share);
