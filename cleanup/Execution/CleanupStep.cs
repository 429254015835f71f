namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// What an action provider is asked to do: one action on one resource. <see cref="StepKey"/> is stable across
/// retries, so an executor the user runs can use it as an idempotency key too.
/// </summary>
public sealed record CleanupStep(
    string StepId,
    string StepKey,
    string PlanId,
    string FindingId,
    string ResourceId,
    string ResourceType,
    string? Team,
    string? Environment,
    string? Namespace,
    CleanupAction Action,
    int? Replicas,
    string Reason);
