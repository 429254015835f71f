using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Undo claims in the embedded store, with the same answers as the cluster's (<see cref="PostgresUndoClaims"/>): a step's
/// undo is claimed on the single write connection by appending an <c>undoing</c> phase row, so two undo requests in the
/// process (two API calls, the CLI through <c>--server</c>) run one reverse action. Phase rows are append-only, so where
/// an undo stands is counted, not updated: any <c>undone</c> row → undone; more <c>undoing</c> than <c>undo_failed</c>
/// rows → undoing; else done. Whether an undoing owner lives is known in-process: the data directory is one process's
/// (its lock), so an undoing step this open database is not running was left by a process that died — it is resumed.
/// </summary>
public sealed partial class DuckDbCleanupStore
{
    // Per open database, not per store object: two store instances over one database share its undos in flight.
    private static readonly ConditionalWeakTable<InsightsDatabase, ConcurrentDictionary<string, (string Owner, DateTime Since)>> Undos = new();

    private ConcurrentDictionary<string, (string Owner, DateTime Since)> Running => Undos.GetOrCreateValue(database);

    public async Task<CleanupUndoClaim> ClaimUndoAsync(CleanupStepRecord undoing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(undoing);
        await EnsureSchemaAsync(cancellationToken);
        return await database.WriteAsync(connection =>
        {
            using var command = Command(connection, """
                SELECT count(*) FILTER (WHERE phase = 'done'), count(*) FILTER (WHERE phase = 'undoing'), count(*) FILTER (WHERE phase = 'undo_failed'),
                       max(recorded_at) FILTER (WHERE phase = 'undone'), max(recorded_at) FILTER (WHERE phase = 'undoing')
                FROM cleanup_steps WHERE step_key = $1
                """, [undoing.StepKey]);
            using var reader = command.ExecuteReader();
            reader.Read();
            var (done, started, failed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            DateTime? undoneAt = reader.IsDBNull(3) ? null : reader.GetDateTime(3);
            DateTime? undoingSince = reader.IsDBNull(4) ? null : reader.GetDateTime(4);
            if (done == 0)
            {
                return new CleanupUndoClaim(CleanupUndoClaimOutcome.NotDone);
            }
            if (undoneAt is not null)
            {
                return new CleanupUndoClaim(CleanupUndoClaimOutcome.Undone, null, undoneAt);
            }
            var resumed = started > failed;
            if (resumed && Running.TryGetValue(undoing.StepKey, out var live))
            {
                return new CleanupUndoClaim(CleanupUndoClaimOutcome.InProgress, live.Owner, live.Since);
            }
            if (resumed)
            {
                // Left undoing by a process that died: the abandoned attempt is history, this one starts afresh.
                InsertStep(connection, undoing with
                {
                    Phase = "undo_failed",
                    Detail = $"abandoned: the process undoing it stopped mid-undo (since {undoingSince:u}); resumed by {CleanupInstance.Name}",
                });
            }
            InsertStep(connection, undoing with { Phase = "undoing" });
            Running[undoing.StepKey] = (CleanupInstance.Name, undoing.At);
            return resumed
                ? new CleanupUndoClaim(CleanupUndoClaimOutcome.Resumed, "a stopped process", undoingSince)
                : new CleanupUndoClaim(CleanupUndoClaimOutcome.Claimed, CleanupInstance.Name, undoing.At);
        }, cancellationToken);
    }

    /// <summary>The latest undoing row of every step whose undo has not ended (running here, or left by a process that died).</summary>
    public async Task<IReadOnlyList<CleanupStepRecord>> UndoingStepsAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return ReadSteps("""
            WHERE phase = 'undoing' AND step_key IN (
                SELECT step_key FROM cleanup_steps GROUP BY step_key
                HAVING count(*) FILTER (WHERE phase = 'undoing') > count(*) FILTER (WHERE phase = 'undo_failed')
                   AND count(*) FILTER (WHERE phase = 'undone') = 0)
            QUALIFY row_number() OVER (PARTITION BY step_key ORDER BY recorded_at DESC, rowid DESC) = 1
            ORDER BY recorded_at
            """, []);
    }

    private void EndUndo(string stepKey) => Running.TryRemove(stepKey, out _);
}
