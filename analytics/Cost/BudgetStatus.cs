namespace Platform.Insights.Analytics.Cost;

/// <summary>Where a monthly budget stands: month-to-date already above it, forecast above it, or neither.</summary>
public enum BudgetStatus
{
    OnTrack,
    AtRisk,
    Over,
}
