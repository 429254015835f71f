namespace Platform.Insights.Analytics.Cost;

/// <summary>Spend of one group in one period (its first day) and currency: FOCUS BilledCost and EffectiveCost summed exactly.</summary>
public sealed record CostTrendRow(DateOnly Period, string Group, string Currency, decimal BilledCost, decimal EffectiveCost, long Rows);
