using Npgsql;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Step claims in the cluster's PostgreSQL. A claim takes a session advisory lock — on the step key for a Notify, on
/// resource + action for anything else — on an unpooled connection held until the step's outcome is recorded, then, in
/// one transaction, checks <c>cleanup_step_claims</c>, upserts this worker's row and records the started phase. Another
/// worker (any silo) cannot get the lock meanwhile (in progress); after the outcome it finds the row done. A worker that
/// dies closes its connection, PostgreSQL drops the lock, and the next attempt — Hangfire's retry, on any silo — takes
/// the step over at once. The partial unique index on (resource_id, action) backs this with the database's guarantee.
/// </summary>
internal sealed class PostgresStepClaims(string connectionString, string instance) : IAsyncDisposable, IDisposable
{
    private const string UniqueViolation = "23505";
    // Session advisory locks survive a connection's return to a pool: claim connections are never pooled.
    private readonly string _claimConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    private readonly HeldLockConnections _held = new();

    public async Task<CleanupStepClaim> ClaimAsync(CleanupStepRecord started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var connection = new NpgsqlConnection(_claimConnection);
        var keep = false;
        try
        {
            await connection.OpenAsync(cancellationToken);
            var notify = started.Action == nameof(Execution.CleanupAction.Notify);
            var lockName = notify ? "insights-cleanup-step:" + started.StepKey : $"insights-cleanup-resource:{started.ResourceId}/{started.Action}";
            await using (var gate = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection))
            {
                gate.Parameters.AddWithValue("name", lockName);
                if (await gate.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    return CleanupStepClaim.InProgress;
                }
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var own = await StatesAsync(connection, transaction, "SELECT state FROM cleanup_step_claims WHERE step_key = $1 FOR UPDATE", [started.StepKey], cancellationToken);
            // Undoing or undone: the step ran (an undo is reversing it, or did); it is not repeated.
            if (own.Any(s => s is "done" or "undoing" or "undone"))
            {
                return CleanupStepClaim.Done;
            }
            if (!notify)
            {
                var others = await StatesAsync(connection, transaction, """
                    SELECT state FROM cleanup_step_claims
                    WHERE resource_id = $1 AND action = $2 AND step_key <> $3 AND state IN ('started', 'done', 'undoing') FOR UPDATE
                    """, [started.ResourceId, started.Action, started.StepKey], cancellationToken);
                if (others.Contains("done"))
                {
                    return CleanupStepClaim.Done;
                }
                // Another plan's same action is being undone: once undone, a new claim cycle on the resource may start.
                if (others.Contains("undoing"))
                {
                    return CleanupStepClaim.InProgress;
                }
                // Started by another plan's step, yet its lock was free: that worker died mid-step. Its row stays as history.
                await ExecuteAsync(connection, transaction, """
                    UPDATE cleanup_step_claims SET state = 'abandoned'
                    WHERE resource_id = $1 AND action = $2 AND step_key <> $3 AND state = 'started'
                    """, [started.ResourceId, started.Action, started.StepKey], cancellationToken);
            }
            // A started row of this very key with the lock free is the same: its worker died, this attempt takes it over.
            await ExecuteAsync(connection, transaction, """
                INSERT INTO cleanup_step_claims AS c (step_key, step_id, plan_id, resource_id, action, state, claimed_at, claimed_by)
                VALUES ($1, $2, $3, $4, $5, 'started', $6, $7)
                ON CONFLICT (step_key) DO UPDATE
                    SET state = 'started', claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by, attempts = c.attempts + 1
                """, [started.StepKey, started.StepId, started.PlanId, started.ResourceId, started.Action, started.At, instance], cancellationToken);
            await InsertPhaseAsync(connection, transaction, started, instance, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (!_held.TryHold(started.StepKey, connection))
            {
                return CleanupStepClaim.InProgress;
            }
            keep = true;
            return CleanupStepClaim.Claimed;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            // The index refused a second live claim on the resource: someone else holds it.
            return CleanupStepClaim.InProgress;
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

    /// <summary>
    /// Appends a phase row and moves the claim's state with it; done or failed ends the claim and frees the lock. Undo's
    /// phases go through <see cref="PostgresUndoClaims"/>, except an undone recorded without an undo claim (done → undone).
    /// </summary>
    public async Task RecordAsync(CleanupStepRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var held = step.Phase is "done" or "failed" ? _held.Release(step.StepKey) : null;
        var connection = held ?? new NpgsqlConnection(connectionString);
        try
        {
            if (held is null)
            {
                await connection.OpenAsync(cancellationToken);
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await InsertPhaseAsync(connection, transaction, step, instance, cancellationToken);
            // Only the state a phase follows from moves: an abandoned claim stays abandoned (another worker took the resource).
            var from = step.Phase == "undone" ? "done" : "started";
            await ExecuteAsync(connection, transaction, "UPDATE cleanup_step_claims SET state = $1 WHERE step_key = $2 AND state = $3",
                [step.Phase, step.StepKey, from], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => _held.DisposeAsync();

    /// <summary>Closing the held connections releases their claims' locks: the steps' next attempts take them over.</summary>
    public void Dispose() => _held.Dispose();

    internal static Task InsertPhaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CleanupStepRecord s, string instance, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO cleanup_steps (step_id, step_key, phase, recorded_at, plan_id, finding_id, resource_id, resource_type, team, action, provider,
                                       previous_replicas, monthly_savings, currency, detail, instance)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """, [s.StepId, s.StepKey, s.Phase, s.At, s.PlanId, s.FindingId, s.ResourceId, s.ResourceType, s.Team, s.Action, s.Provider,
                s.PreviousReplicas, s.MonthlySavings, s.Currency, s.Detail, instance], cancellationToken);

    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = PostgresCleanupStore.Command(connection, transaction, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> StatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = PostgresCleanupStore.Command(connection, transaction, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(reader.GetString(0));
        }
        return states;
    }
}
