namespace Platform.Insights.Cleanup.Store;

/// <summary>An approval of one plan's exact hash, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record CleanupApproval(string PlanId, string PlanHash, string ApprovedBy, DateTime ApprovedAt, DateTime ExpiresAt);
