namespace Platform.Insights.Cleanup.Store;

/// <summary>One phase row of a cleanup step (started, done, failed, undone).</summary>
public sealed record CleanupStepRecord(
    string StepId,
    string StepKey,
    string Phase,
    DateTime At,
    string PlanId,
    string FindingId,
    string ResourceId,
    string ResourceType,
    string? Team,
    string Action,
    string Provider,
    int? PreviousReplicas,
    decimal? MonthlySavings,
    string? Currency,
    string? Detail);
