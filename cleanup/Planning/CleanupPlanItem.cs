using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Planning;

/// <summary>
/// One step a plan proposes: the finding as it was when planned (<see cref="Fingerprint"/>), the ladder action due,
/// and whether it will act (<see cref="Enforce"/>) or only report (dry-run).
/// </summary>
public sealed record CleanupPlanItem(
    int Index,
    string FindingId,
    string ResourceId,
    string ResourceType,
    string? Team,
    string? Environment,
    string? Namespace,
    CleanupAction Action,
    string Fingerprint,
    decimal? MonthlySavings,
    string? Currency,
    int? Replicas,
    bool Enforce,
    string Reason);
