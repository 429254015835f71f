namespace Platform.Insights.Cleanup.Execution;

/// <summary>One plan in <c>insights cleanup status</c>: its approval and what applying it did so far.</summary>
public sealed record CleanupPlanStatus(
    string PlanId,
    string Policy,
    DateTime CreatedAt,
    string Hash,
    int Items,
    int Enforced,
    string Approval,
    DateTime? ApprovedUntil,
    long Done,
    long DryRun,
    long Skipped,
    long Failed,
    decimal PlannedMonthlySavings);
