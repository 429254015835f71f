namespace Platform.Insights.Cleanup.Execution;

/// <summary>Realised savings in one currency: monthly EffectiveCost no longer spent, over how many resources.</summary>
public sealed record CleanupSavings(string Currency, decimal MonthlySavings, long Resources);
