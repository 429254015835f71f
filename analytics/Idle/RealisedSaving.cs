namespace Platform.Insights.Analytics.Idle;

/// <summary>Monthly savings realised by cleanup in one currency, over how many resources.</summary>
public sealed record RealisedSaving(string Currency, decimal Monthly, long Resources);
