using Npgsql;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Undo claims in the cluster's PostgreSQL: the step's claim row moves done → undoing → undone (or back to done when the
/// undo fails) by conditional UPDATEs — <c>WHERE state = 'done'</c>, read <c>FOR UPDATE</c> in the same transaction —
/// so of two undo requests on any silos exactly one moves it, and the other (which waited on the row) reads who holds
/// it. Who is alive is PostgreSQL's answer, not a lease: the owner holds a session advisory lock on the step's undo key
/// on an unpooled connection until it records the outcome. A request that gets the lock and finds the row undoing knows
/// its owner died (its connection closed, PostgreSQL dropped the lock) and resumes the undo; one that cannot get the
/// lock answers "being undone by OWNER since T". The step claim's
/// (resource, action) uniqueness is untouched: undone leaves the partial unique index, so a later plan's new stop of the
/// resource starts a new claim cycle.
/// </summary>
internal sealed class PostgresUndoClaims(string connectionString, string instance) : IAsyncDisposable, IDisposable
{
    // Session advisory locks survive a connection's return to a pool: undo connections are never pooled.
    private readonly string _claimConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    private readonly HeldLockConnections _held = new();

    public async Task<CleanupUndoClaim> ClaimAsync(CleanupStepRecord undoing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(undoing);
        var connection = new NpgsqlConnection(_claimConnection);
        var keep = false;
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The row lock first: a request arriving while another is inside its claiming transaction waits for it, and
            // then reads the undoing state and its owner.
            if (await ClaimRowAsync(connection, transaction, undoing.StepKey, cancellationToken) is not { } row)
            {
                return new CleanupUndoClaim(CleanupUndoClaimOutcome.NotDone);
            }
            var (state, previousOwner, previousSince) = row;
            switch (state)
            {
                case "undone":
                    return new CleanupUndoClaim(CleanupUndoClaimOutcome.Undone, previousOwner, previousSince);
                case not ("done" or "undoing"):
                    return new CleanupUndoClaim(CleanupUndoClaimOutcome.NotDone);
            }
            // Then liveness: the owner's session holds this lock until it records the outcome; session-level, so it
            // outlives this transaction. Free while the row says undoing = the owner died.
            await using (var gate = PostgresCleanupStore.Command(connection, transaction, "SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
                ["insights-cleanup-undo:" + undoing.StepKey]))
            {
                if (await gate.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    return new CleanupUndoClaim(CleanupUndoClaimOutcome.InProgress, previousOwner ?? "another process", previousSince);
                }
            }
            // The transition itself: conditional on the state just read, so it moves once whatever else raced here.
            await using (var move = PostgresCleanupStore.Command(connection, transaction, """
                UPDATE cleanup_step_claims SET state = 'undoing', undo_by = $2, undo_at = $3, undo_attempts = undo_attempts + 1
                WHERE step_key = $1 AND state = $4
                RETURNING step_key
                """, [undoing.StepKey, instance, undoing.At, state]))
            {
                if (await move.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return new CleanupUndoClaim(CleanupUndoClaimOutcome.InProgress, previousOwner, previousSince);
                }
            }
            if (state == "undoing")
            {
                // Its owner died mid-undo (the lock was free): the abandoned attempt is history, this one starts afresh.
                await PostgresStepClaims.InsertPhaseAsync(connection, transaction, undoing with
                {
                    Phase = "undo_failed",
                    Detail = $"abandoned: {previousOwner} died mid-undo (since {previousSince:u}); resumed by {instance}",
                }, instance, cancellationToken);
            }
            await PostgresStepClaims.InsertPhaseAsync(connection, transaction, undoing with { Phase = "undoing" }, instance, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (!_held.TryHold(undoing.StepKey, connection))
            {
                return new CleanupUndoClaim(CleanupUndoClaimOutcome.InProgress, instance, undoing.At);
            }
            keep = true;
            return state == "undoing"
                ? new CleanupUndoClaim(CleanupUndoClaimOutcome.Resumed, previousOwner, previousSince)
                : new CleanupUndoClaim(CleanupUndoClaimOutcome.Claimed, instance, undoing.At);
        }
        finally
        {
            if (!keep)
            {
                // Closing the unpooled connection releases the advisory lock (and rolls back an open transaction).
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Whether this process holds the undo claim of <paramref name="stepKey"/>.</summary>
    public bool Holds(string stepKey) => _held.Holds(stepKey);

    /// <summary>Records undone (undoing → undone) or undo_failed (undoing → done) and ends the undo claim, freeing its lock.</summary>
    public async Task RecordAsync(CleanupStepRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var held = _held.Release(step.StepKey);
        var connection = held ?? new NpgsqlConnection(connectionString);
        try
        {
            if (held is null)
            {
                await connection.OpenAsync(cancellationToken);
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await PostgresStepClaims.InsertPhaseAsync(connection, transaction, step, instance, cancellationToken);
            await PostgresStepClaims.ExecuteAsync(connection, transaction, "UPDATE cleanup_step_claims SET state = $1 WHERE step_key = $2 AND state = 'undoing'",
                [step.Phase == "undone" ? "undone" : "done", step.StepKey], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => _held.DisposeAsync();

    /// <summary>Closing the held connections releases their undo locks: an undo left undoing is then resumable.</summary>
    public void Dispose() => _held.Dispose();

    private static async Task<(string State, string? Owner, DateTime? Since)?> ClaimRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stepKey,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCleanupStore.Command(connection, transaction,
            "SELECT state, undo_by, undo_at FROM cleanup_step_claims WHERE step_key = $1 FOR UPDATE", [stepKey]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2))
            : null;
    }
}
