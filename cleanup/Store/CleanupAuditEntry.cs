namespace Platform.Insights.Cleanup.Store;

/// <summary>One row of the append-only audit log: a decision or step, who or what made it, and its evidence (JSON).</summary>
public sealed record CleanupAuditEntry(
    string Kind,
    string? PlanId,
    string? FindingId,
    string? ResourceId,
    string? Action,
    string Outcome,
    string Detail,
    string Actor,
    string? Evidence = null)
{
    public long Seq { get; init; }

    public DateTime At { get; init; }

    public string Hash { get; init; } = "";
}
