using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Planning;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Cleanup's tables in the process's DuckDB store (embedded mode): plans, approvals, step phases and the audit log.
/// Insert-only by construction — there is no method that updates or deletes a row — and the audit rows form a hash chain.
/// Claims and the chain are atomic because the store has one write connection: right for one process, not for a cluster
/// (that is <see cref="PostgresCleanupStore"/>).
/// </summary>
public sealed partial class DuckDbCleanupStore(InsightsDatabase database, TimeProvider time) : ICleanupStore
{
    private readonly SchemaGate _schema = new();
    private string? _lastHash;
    private long _lastSeq;

    /// <summary>Creates cleanup's tables on first use and reads where the audit chain ends.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        _schema.EnsureAsync(token => database.WriteAsync(connection =>
        {
            Execute(connection, CleanupSql.Load("Store/cleanup_schema.sql"));
            using var last = connection.CreateCommand();
            last.CommandText = "SELECT seq, hash FROM cleanup_audit ORDER BY seq DESC LIMIT 1";
            using var reader = last.ExecuteReader();
            (_lastSeq, _lastHash) = reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0L, CleanupAuditChain.Genesis);
        }, token), cancellationToken);

    public async Task SavePlanAsync(CleanupPlan plan, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await database.WriteAsync(connection => Insert(connection, "INSERT INTO cleanup_plans VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            plan.Id, plan.Policy, plan.CreatedAt, plan.Hash, plan.Fleet, plan.Cap,
            JsonSerializer.Serialize(plan.Items, CleanupJson.Options), JsonSerializer.Serialize(plan.Decisions, CleanupJson.Options)), cancellationToken);
    }

    public async Task<CleanupPlan?> GetPlanAsync(string id, CancellationToken cancellationToken)
    {
        var plans = await PlansAsync("WHERE id = $1", [id], cancellationToken);
        return plans.Count == 0 ? null : plans[0];
    }

    public Task<IReadOnlyList<CleanupPlan>> ListPlansAsync(int limit, CancellationToken cancellationToken) =>
        PlansAsync($"ORDER BY created_at DESC, id LIMIT {Math.Clamp(limit, 1, 10_000)}", [], cancellationToken);

    public async Task AddApprovalAsync(CleanupApproval approval, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await database.WriteAsync(connection => Insert(connection, "INSERT INTO cleanup_approvals VALUES ($1, $2, $3, $4, $5)",
            approval.PlanId, approval.PlanHash, approval.ApprovedBy, approval.ApprovedAt, approval.ExpiresAt), cancellationToken);
    }

    public async Task<IReadOnlyList<CleanupApproval>> ApprovalsAsync(string planId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return Read("SELECT plan_id, plan_hash, approved_by, approved_at, expires_at FROM cleanup_approvals WHERE plan_id = $1 ORDER BY approved_at DESC", [planId],
            r => new CleanupApproval(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetDateTime(4)));
    }

    public async Task RecordStepAsync(CleanupStepRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await EnsureSchemaAsync(cancellationToken);
            await database.WriteAsync(connection => InsertStep(connection, step), cancellationToken);
        }
        finally
        {
            if (step.Phase is "undone" or "undo_failed")
            {
                // The undo's outcome is recorded (or could not be: then the step stays undoing and resumable).
                EndUndo(step.StepKey);
            }
        }
    }

    private static void InsertStep(DuckDBConnection connection, CleanupStepRecord step) =>
        Insert(connection, "INSERT INTO cleanup_steps VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            step.StepId, step.StepKey, step.Phase, step.At, step.PlanId, step.FindingId, step.ResourceId, step.ResourceType, step.Team,
            step.Action, step.Provider, step.PreviousReplicas, step.MonthlySavings, step.Currency, step.Detail);

    /// <summary>
    /// Claims a step for one worker, atomically on the single write connection: records <paramref name="started"/> unless
    /// the step is done, or started by another worker less than <paramref name="stale"/> ago (two Hangfire workers running
    /// the same batch at once must not both delete). A failed step may be claimed again. An action other than Notify is
    /// also refused while the same action on the same resource, from another plan, is done (not undone) or running.
    /// </summary>
    public async Task<CleanupStepClaim> ClaimStepAsync(CleanupStepRecord started, TimeSpan stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        await EnsureSchemaAsync(cancellationToken);
        return await database.WriteAsync(connection =>
        {
            // Ties in time (a coarse or fake clock) are broken by insertion order: the table is append-only, so rowid is it.
            using (var last = Command(connection, "SELECT phase, recorded_at FROM cleanup_steps WHERE step_key = $1 ORDER BY recorded_at DESC, rowid DESC LIMIT 1", [started.StepKey]))
            using (var reader = last.ExecuteReader())
            {
                if (reader.Read() && Blocks(reader.GetString(0), reader.GetDateTime(1), own: true) is { } claim)
                {
                    return claim;
                }
            }
            if (started.Action != nameof(Execution.CleanupAction.Notify))
            {
                using var others = Command(connection, """
                    SELECT phase, recorded_at FROM (
                        SELECT phase, recorded_at, row_number() OVER (PARTITION BY step_key ORDER BY recorded_at DESC, rowid DESC) AS latest
                        FROM cleanup_steps WHERE resource_id = $1 AND action = $2 AND step_key <> $3)
                    WHERE latest = 1 AND phase IN ('started', 'done', 'undoing', 'undo_failed')
                    ORDER BY phase = 'started'
                    """, [started.ResourceId, started.Action, started.StepKey]);
                using var reader = others.ExecuteReader();
                while (reader.Read())
                {
                    if (Blocks(reader.GetString(0), reader.GetDateTime(1), own: false) is { } claim)
                    {
                        return claim;
                    }
                }
            }
            InsertStep(connection, started);
            return CleanupStepClaim.Claimed;
        }, cancellationToken);

        // Done ends it, and so does any undo phase of this step (it ran; undo is reversing or reversed it; it is not
        // repeated). Another plan's step being undone holds the resource until undone, which frees it for a new stop.
        // A started row within `stale` is live.
        CleanupStepClaim? Blocks(string phase, DateTime at, bool own) => phase switch
        {
            "done" or "undo_failed" => CleanupStepClaim.Done,
            "undoing" or "undone" when own => CleanupStepClaim.Done,
            "undoing" => CleanupStepClaim.InProgress,
            "started" when started.At - at < stale => CleanupStepClaim.InProgress,
            _ => null,
        };
    }

    /// <summary>Every phase row of a step key or step id, oldest first.</summary>
    public async Task<IReadOnlyList<CleanupStepRecord>> StepAsync(string keyOrId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return ReadSteps("WHERE step_key = $1 OR step_id = $1 ORDER BY recorded_at, rowid", [keyOrId]);
    }

    /// <summary>Steps done (and not undone) on a finding, oldest first: where the finding stands on its ladder.</summary>
    public async Task<IReadOnlyList<CleanupStepRecord>> DoneStepsAsync(string findingId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return ReadSteps("""
            WHERE finding_id = $1 AND phase = 'done'
              AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE finding_id = $1 AND phase = 'undone')
            ORDER BY recorded_at
            """, [findingId]);
    }

    /// <summary>Every done (and not undone) step, for planning many findings at once.</summary>
    public async Task<IReadOnlyList<CleanupStepRecord>> AllDoneStepsAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return ReadSteps("""
            WHERE phase = 'done' AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
            ORDER BY recorded_at
            """, []);
    }

    public async Task<IReadOnlyList<CleanupStepRecord>> StepsOfPlanAsync(string planId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return ReadSteps("WHERE plan_id = $1 ORDER BY recorded_at", [planId]);
    }

    /// <summary>Appends to the audit chain: seq and hash continue from the last row (one writer, so the chain is linear).</summary>
    public async Task<CleanupAuditEntry> AppendAuditAsync(CleanupAuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendAuditAsync([entry], cancellationToken))[0];

    /// <summary>Appends many rows in one transaction (a plan's decisions): all or none.</summary>
    public async Task<IReadOnlyList<CleanupAuditEntry>> AppendAuditAsync(IReadOnlyList<CleanupAuditEntry> entries, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await database.WriteAsync(connection =>
        {
            var at = CleanupAuditChain.Now(time);
            var (seq, previous) = (_lastSeq, _lastHash!);
            var written = new List<CleanupAuditEntry>(entries.Count);
            using var transaction = entries.Count > 1 ? connection.BeginTransaction() : null;
            foreach (var entry in entries)
            {
                seq++;
                var hash = CleanupAuditChain.Hash(previous, seq, at, entry);
                Insert(connection, "INSERT INTO cleanup_audit VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    seq, at, entry.Kind, entry.PlanId, entry.FindingId, entry.ResourceId, entry.Action, entry.Outcome, entry.Detail, entry.Actor, entry.Evidence, previous, hash);
                written.Add(entry with { Seq = seq, At = at, Hash = hash });
                previous = hash;
            }
            transaction?.Commit();
            (_lastSeq, _lastHash) = (seq, previous);
            return written;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<CleanupAuditEntry>> AuditAsync(string? planId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return Read($"SELECT seq, recorded_at, kind, plan_id, finding_id, resource_id, action, outcome, detail, actor, CAST(evidence AS VARCHAR), hash FROM cleanup_audit {(planId is null ? "" : "WHERE plan_id = $1")} ORDER BY seq",
            planId is null ? [] : [planId],
            r => new CleanupAuditEntry(r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), r.GetString(7), r.GetString(8), r.GetString(9), Text(r, 10))
            {
                Seq = r.GetInt64(0),
                At = r.GetDateTime(1),
                Hash = r.GetString(11),
            });
    }

    public async Task<long?> BrokenAuditLinkAsync(CancellationToken cancellationToken) =>
        CleanupAuditChain.FirstBrokenLink(await AuditAsync(null, cancellationToken));

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Currency, decimal Monthly, long Resources)>> RealisedSavingsAsync(DateTime? fromUtc, DateTime? toUtc, string? team,
        CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return Read(CleanupSql.Load("Store/realised_savings.sql"), [fromUtc, toUtc, team], r => (r.IsDBNull(0) ? "" : r.GetString(0), r.GetDecimal(1), r.GetInt64(2)));
    }

    /// <summary>A file, not a table: <c>insights cleanup kill</c> writes it even while a server holds the store.</summary>
    public async Task<string?> KillSwitchAsync(CancellationToken cancellationToken)
    {
        var path = KillFile;
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
    }

    public async Task<bool> SetKillSwitchAsync(string? reason, CancellationToken cancellationToken)
    {
        var path = KillFile;
        var existed = File.Exists(path);
        if (reason is null)
        {
            File.Delete(path);
        }
        else
        {
            await File.WriteAllTextAsync(path, reason, cancellationToken);
        }
        return existed;
    }

    private string KillFile => Path.Combine(database.Directory, Execution.CleanupKillSwitch.FileName);

    private async Task<IReadOnlyList<CleanupPlan>> PlansAsync(string where, object?[] values, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return Read($"SELECT id, policy, created_at, hash, fleet, cap, CAST(items AS VARCHAR), CAST(decisions AS VARCHAR) FROM cleanup_plans {where}", values,
            r => new CleanupPlan(r.GetString(0), r.GetString(1), r.GetDateTime(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5),
                JsonSerializer.Deserialize<List<CleanupPlanItem>>(r.GetString(6), CleanupJson.Options)!,
                JsonSerializer.Deserialize<List<CleanupDecision>>(r.GetString(7), CleanupJson.Options)!));
    }

    internal List<CleanupStepRecord> ReadSteps(string where, object?[] values) =>
        Read($"SELECT step_id, step_key, phase, recorded_at, plan_id, finding_id, resource_id, resource_type, team, action, provider, previous_replicas, monthly_savings, currency, detail FROM cleanup_steps {where}",
            values, r => new CleanupStepRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetString(4), r.GetString(5), r.GetString(6),
                r.GetString(7), Text(r, 8), r.GetString(9), r.GetString(10), r.IsDBNull(11) ? null : r.GetInt32(11), r.IsDBNull(12) ? null : r.GetDecimal(12),
                Text(r, 13), Text(r, 14)));

    private List<T> Read<T>(string sql, object?[] values, Func<DbDataReader, T> map)
    {
        using var connection = database.OpenReader();
        using var command = Command(connection, sql, values);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static void Insert(DuckDBConnection connection, string sql, params object?[] values)
    {
        using var command = Command(connection, sql, values);
        command.ExecuteNonQuery();
    }

    internal static DuckDBCommand Command(DuckDBConnection connection, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }
        return command;
    }

}
