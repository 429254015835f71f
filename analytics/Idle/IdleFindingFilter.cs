namespace Platform.Insights.Analytics.Idle;

/// <summary>Which findings to list; null members do not filter.</summary>
public sealed record IdleFindingFilter(string? Team = null, string? ResourceType = null, IdleState? State = null, decimal? MinMonthlySavings = null, string? Environment = null);
