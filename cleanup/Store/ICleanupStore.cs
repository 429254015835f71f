using Platform.Insights.Cleanup.Planning;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Where cleanup keeps its state: plans, approvals, step phases and the audit chain. Insert-only by contract — no member
/// edits or removes a plan, approval, step phase or audit row. One implementation per deployment shape, chosen by
/// <see cref="CleanupStoreOptions.Kind"/>: the process's DuckDB store (embedded, <see cref="DuckDbCleanupStore"/>) or
/// the cluster's PostgreSQL (<see cref="PostgresCleanupStore"/>), so a plan made on one silo is approved and applied on
/// any other.
/// </summary>
public interface ICleanupStore
{
    Task SavePlanAsync(CleanupPlan plan, CancellationToken cancellationToken);

    Task<CleanupPlan?> GetPlanAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<CleanupPlan>> ListPlansAsync(int limit, CancellationToken cancellationToken);

    Task AddApprovalAsync(CleanupApproval approval, CancellationToken cancellationToken);

    Task<IReadOnlyList<CleanupApproval>> ApprovalsAsync(string planId, CancellationToken cancellationToken);

    /// <summary>Appends a phase row (done, failed, undone, undo_failed) of a step; done/failed end this worker's claim of it, undone/undo_failed its undo claim.</summary>
    Task RecordStepAsync(CleanupStepRecord step, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a step for this worker atomically, recording <paramref name="started"/>: <see cref="CleanupStepClaim.Done"/>
    /// when the step — or, for an action other than Notify, the same action on the same resource in another plan — is done
    /// and not undone; <see cref="CleanupStepClaim.InProgress"/> when another live worker runs it. A failed step, or one
    /// whose worker died (<paramref name="stale"/> for a store without session-bound claims), may be claimed again.
    /// </summary>
    Task<CleanupStepClaim> ClaimStepAsync(CleanupStepRecord started, TimeSpan stale, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the undo of a done step for this caller, recording <paramref name="undoing"/> (phase <c>undoing</c>): the
    /// step moves done → undoing once, so of any number of undo requests — on any silos — one runs the reverse action;
    /// the others get <see cref="CleanupUndoClaimOutcome.InProgress"/> (with the owner) or
    /// <see cref="CleanupUndoClaimOutcome.Undone"/>. The undo ends with <see cref="RecordStepAsync"/> of phase
    /// <c>undone</c>, or <c>undo_failed</c> (back to done: it may be undone again). A step left undoing by an owner that
    /// died is taken over (<see cref="CleanupUndoClaimOutcome.Resumed"/>) and its abandoned attempt recorded undo_failed.
    /// </summary>
    Task<CleanupUndoClaim> ClaimUndoAsync(CleanupStepRecord undoing, CancellationToken cancellationToken);

    /// <summary>Steps being undone now, or left undoing by an owner that died (undo them again to resume): their latest undoing rows.</summary>
    Task<IReadOnlyList<CleanupStepRecord>> UndoingStepsAsync(CancellationToken cancellationToken);

    /// <summary>Every phase row of a step key or step id, oldest first.</summary>
    Task<IReadOnlyList<CleanupStepRecord>> StepAsync(string keyOrId, CancellationToken cancellationToken);

    /// <summary>Steps done (and not undone) on a finding, oldest first: where the finding stands on its ladder.</summary>
    Task<IReadOnlyList<CleanupStepRecord>> DoneStepsAsync(string findingId, CancellationToken cancellationToken);

    /// <summary>Every done (and not undone) step, for planning many findings at once.</summary>
    Task<IReadOnlyList<CleanupStepRecord>> AllDoneStepsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<CleanupStepRecord>> StepsOfPlanAsync(string planId, CancellationToken cancellationToken);

    /// <summary>Appends to the audit chain: seq and hash continue from the last row, whichever process wrote it.</summary>
    Task<CleanupAuditEntry> AppendAuditAsync(CleanupAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends many rows in one transaction (a plan's decisions): all or none, consecutive in the chain.</summary>
    Task<IReadOnlyList<CleanupAuditEntry>> AppendAuditAsync(IReadOnlyList<CleanupAuditEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<CleanupAuditEntry>> AuditAsync(string? planId, CancellationToken cancellationToken);

    /// <summary>Recomputes the audit chain; the first seq whose hash does not follow, or null when intact.</summary>
    Task<long?> BrokenAuditLinkAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The run-time kill switch where every worker of this store sees it: why it is engaged (JSON: who, when, why), or
    /// null when off. Embedded: the data directory's <c>cleanup.kill</c> file; cluster: one PostgreSQL row for all silos.
    /// </summary>
    Task<string?> KillSwitchAsync(CancellationToken cancellationToken);

    /// <summary>Engages the run-time kill switch with <paramref name="reason"/>, or releases it (null); true when it was engaged before.</summary>
    Task<bool> SetKillSwitchAsync(string? reason, CancellationToken cancellationToken);

    /// <summary>
    /// Realised monthly savings per currency: done Stop/ScaleToZero/Delete steps, once per finding, less undone; for the
    /// findings whose first saving step was done in [from, to) (UTC; null = unbounded), of one team or all (null).
    /// </summary>
    Task<IReadOnlyList<(string Currency, decimal Monthly, long Resources)>> RealisedSavingsAsync(DateTime? fromUtc, DateTime? toUtc, string? team,
        CancellationToken cancellationToken);
}
