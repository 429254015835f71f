using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Platform.Insights.Cleanup.Planning;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Cleanup's state in the cluster's PostgreSQL (tables from <c>insights db init</c>, host/Cluster/Sql/007): every silo
/// and CLI process configured for the cluster reads and writes the same plans, approvals, steps and audit chain. Steps
/// are claimed through <see cref="PostgresStepClaims"/> (advisory lock + claim row); the audit chain is appended under a
/// transaction-scoped advisory lock, so it stays one linear chain whichever silo writes.
/// </summary>
public sealed class PostgresCleanupStore : ICleanupStore, IAsyncDisposable, IDisposable
{
    // An arbitrary constant: every process appending to the audit chain takes the same transaction-scoped lock.
    private const long AuditLock = 0x1A5_C1EA;
    private const string StepColumns = "step_id, step_key, phase, recorded_at, plan_id, finding_id, resource_id, resource_type, team, action, provider, previous_replicas, monthly_savings, currency, detail";
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly PostgresStepClaims _claims;
    private readonly PostgresUndoClaims _undos;

    public PostgresCleanupStore(IOptions<CleanupOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = options.Value.Store.ConnectionString
            ?? throw new InvalidOperationException($"{CleanupOptions.Section}:Store:ConnectionString is required when Store:Kind is postgresql");
        _time = time;
        _claims = new PostgresStepClaims(_connectionString, Instance);
        _undos = new PostgresUndoClaims(_connectionString, Instance);
    }

    /// <summary>The process (host/pid) written beside each row, so the audit shows which silo did what.</summary>
    public static string Instance => CleanupInstance.Name;

    /// <summary>A plan's id derives from its policy, time and content hash: the same id twice is the same plan, kept once.</summary>
    public async Task SavePlanAsync(CleanupPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await ExecuteAsync("INSERT INTO cleanup_plans (id, policy, created_at, hash, fleet, cap, items, decisions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            [plan.Id, plan.Policy, Utc(plan.CreatedAt), plan.Hash, plan.Fleet, plan.Cap,
                Json(JsonSerializer.Serialize(plan.Items, CleanupJson.Options)), Json(JsonSerializer.Serialize(plan.Decisions, CleanupJson.Options))], cancellationToken);
    }

    public async Task<CleanupPlan?> GetPlanAsync(string id, CancellationToken cancellationToken)
    {
        var plans = await PlansAsync("WHERE id = $1", [id], cancellationToken);
        return plans.Count == 0 ? null : plans[0];
    }

    public Task<IReadOnlyList<CleanupPlan>> ListPlansAsync(int limit, CancellationToken cancellationToken) =>
        PlansAsync("ORDER BY created_at DESC, id LIMIT $1", [Math.Clamp(limit, 1, 10_000)], cancellationToken);

    public Task AddApprovalAsync(CleanupApproval approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return ExecuteAsync("INSERT INTO cleanup_approvals (plan_id, plan_hash, approved_by, approved_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            [approval.PlanId, approval.PlanHash, approval.ApprovedBy, Utc(approval.ApprovedAt), Utc(approval.ExpiresAt)], cancellationToken);
    }

    public Task<IReadOnlyList<CleanupApproval>> ApprovalsAsync(string planId, CancellationToken cancellationToken) =>
        ReadAsync("SELECT plan_id, plan_hash, approved_by, approved_at, expires_at FROM cleanup_approvals WHERE plan_id = $1 ORDER BY approved_at DESC", [planId],
            r => new CleanupApproval(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetDateTime(4)), cancellationToken);

    public Task RecordStepAsync(CleanupStepRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Phase == "undo_failed" || (step.Phase == "undone" && _undos.Holds(step.StepKey))
            ? _undos.RecordAsync(step, cancellationToken)
            : _claims.RecordAsync(step, cancellationToken);
    }

    public Task<CleanupUndoClaim> ClaimUndoAsync(CleanupStepRecord undoing, CancellationToken cancellationToken) => _undos.ClaimAsync(undoing, cancellationToken);

    /// <summary>The latest undoing phase of every step whose claim row is undoing: live undos and ones whose owner died.</summary>
    public Task<IReadOnlyList<CleanupStepRecord>> UndoingStepsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"""
            SELECT DISTINCT ON (step_key) {StepColumns} FROM cleanup_steps
            WHERE phase = 'undoing' AND step_key IN (SELECT step_key FROM cleanup_step_claims WHERE state = 'undoing')
            ORDER BY step_key, recorded_at DESC
            """, [], ReadStep, cancellationToken);

    public Task<CleanupStepClaim> ClaimStepAsync(CleanupStepRecord started, TimeSpan stale, CancellationToken cancellationToken) =>
        _claims.ClaimAsync(started, cancellationToken);

    public Task<IReadOnlyList<CleanupStepRecord>> StepAsync(string keyOrId, CancellationToken cancellationToken) =>
        StepsAsync("WHERE step_key = $1 OR step_id = $1 ORDER BY recorded_at, phase = 'started' DESC", [keyOrId], cancellationToken);

    public Task<IReadOnlyList<CleanupStepRecord>> DoneStepsAsync(string findingId, CancellationToken cancellationToken) =>
        StepsAsync("""
            WHERE finding_id = $1 AND phase = 'done'
              AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE finding_id = $1 AND phase = 'undone')
            ORDER BY recorded_at
            """, [findingId], cancellationToken);

    public Task<IReadOnlyList<CleanupStepRecord>> AllDoneStepsAsync(CancellationToken cancellationToken) =>
        StepsAsync("""
            WHERE phase = 'done' AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
            ORDER BY recorded_at
            """, [], cancellationToken);

    public Task<IReadOnlyList<CleanupStepRecord>> StepsOfPlanAsync(string planId, CancellationToken cancellationToken) =>
        StepsAsync("WHERE plan_id = $1 ORDER BY recorded_at", [planId], cancellationToken);

    public async Task<CleanupAuditEntry> AppendAuditAsync(CleanupAuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendAuditAsync([entry], cancellationToken))[0];

    public async Task<IReadOnlyList<CleanupAuditEntry>> AppendAuditAsync(IReadOnlyList<CleanupAuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One appender at a time across the cluster: the next seq and prev_hash are read under the lock they are written under.
        await using (var gate = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AuditLock})", connection, transaction))
        {
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }
        var (seq, previous) = (0L, CleanupAuditChain.Genesis);
        await using (var last = new NpgsqlCommand("SELECT seq, hash FROM cleanup_audit ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (seq, previous) = (reader.GetInt64(0), reader.GetString(1));
            }
        }
        var at = CleanupAuditChain.Now(_time);
        var written = new List<CleanupAuditEntry>(entries.Count);
        foreach (var entry in entries)
        {
            seq++;
            var hash = CleanupAuditChain.Hash(previous, seq, at, entry);
            await using var insert = Command(connection, transaction, """
                INSERT INTO cleanup_audit (seq, recorded_at, kind, plan_id, finding_id, resource_id, action, outcome, detail, actor, evidence, prev_hash, hash, instance)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """, [seq, at, entry.Kind, entry.PlanId, entry.FindingId, entry.ResourceId, entry.Action, entry.Outcome, entry.Detail, entry.Actor,
                    entry.Evidence is null ? null : Json(entry.Evidence), previous, hash, Instance]);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            written.Add(entry with { Seq = seq, At = at, Hash = hash });
            previous = hash;
        }
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public Task<IReadOnlyList<CleanupAuditEntry>> AuditAsync(string? planId, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT seq, recorded_at, kind, plan_id, finding_id, resource_id, action, outcome, detail, actor, evidence::text, hash FROM cleanup_audit {(planId is null ? "" : "WHERE plan_id = $1")} ORDER BY seq",
            planId is null ? [] : [planId],
            r => new CleanupAuditEntry(r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), r.GetString(7), r.GetString(8), r.GetString(9), Text(r, 10))
            {
                Seq = r.GetInt64(0),
                At = r.GetDateTime(1),
                Hash = r.GetString(11),
            }, cancellationToken);

    public async Task<long?> BrokenAuditLinkAsync(CancellationToken cancellationToken) =>
        CleanupAuditChain.FirstBrokenLink(await AuditAsync(null, cancellationToken));

    public Task<IReadOnlyList<(string Currency, decimal Monthly, long Resources)>> RealisedSavingsAsync(DateTime? fromUtc, DateTime? toUtc, string? team,
        CancellationToken cancellationToken) =>
        ReadAsync(CleanupSql.Load("Store/realised_savings.postgres.sql"), [fromUtc, toUtc, team], r => (r.GetString(0), r.GetDecimal(1), r.GetInt64(2)), cancellationToken);

    public async Task<string?> KillSwitchAsync(CancellationToken cancellationToken) =>
        (await ReadAsync("SELECT reason FROM cleanup_kill_switch WHERE id = 1", [], r => r.GetString(0), cancellationToken)) is [var reason] ? reason : null;

    public async Task<bool> SetKillSwitchAsync(string? reason, CancellationToken cancellationToken) => reason is null
        ? (await ReadAsync("DELETE FROM cleanup_kill_switch WHERE id = 1 RETURNING id", [], r => r.GetInt16(0), cancellationToken)).Count > 0
        : (await ReadAsync("""
            WITH before AS (SELECT count(*) AS n FROM cleanup_kill_switch WHERE id = 1)
            INSERT INTO cleanup_kill_switch AS k (id, reason, engaged_at, instance) VALUES (1, $1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, engaged_at = excluded.engaged_at, instance = excluded.instance
            RETURNING (SELECT n FROM before)
            """, [reason, _time.GetUtcNow().UtcDateTime, Instance], r => r.GetInt64(0), cancellationToken))[0] > 0;

    public async ValueTask DisposeAsync()
    {
        await _claims.DisposeAsync();
        await _undos.DisposeAsync();
    }

    public void Dispose()
    {
        _claims.Dispose();
        _undos.Dispose();
    }

    private Task<IReadOnlyList<CleanupPlan>> PlansAsync(string where, object?[] values, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT id, policy, created_at, hash, fleet, cap, items::text, decisions::text FROM cleanup_plans {where}", values,
            r => new CleanupPlan(r.GetString(0), r.GetString(1), r.GetDateTime(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5),
                JsonSerializer.Deserialize<List<CleanupPlanItem>>(r.GetString(6), CleanupJson.Options)!,
                JsonSerializer.Deserialize<List<CleanupDecision>>(r.GetString(7), CleanupJson.Options)!), cancellationToken);

    private Task<IReadOnlyList<CleanupStepRecord>> StepsAsync(string where, object?[] values, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {StepColumns} FROM cleanup_steps {where}", values, ReadStep, cancellationToken);

    internal static CleanupStepRecord ReadStep(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.GetString(7), Text(r, 8), r.GetString(9), r.GetString(10), r.IsDBNull(11) ? null : r.GetInt32(11), r.IsDBNull(12) ? null : r.GetDecimal(12),
            Text(r, 13), Text(r, 14));

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string sql, object?[] values, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private async Task ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value is DateTime d ? Utc(d) : value ?? DBNull.Value });
        }
        return command;
    }

    private static NpgsqlParameter Json(string text) => new() { NpgsqlDbType = NpgsqlDbType.Json, Value = text };

    /// <summary>Every cleanup time is UTC; DuckDB hands them back unspecified, Npgsql wants the kind said.</summary>
    internal static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
