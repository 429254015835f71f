using System.Collections.Concurrent;
using Npgsql;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Host.Cluster;

/// <summary>
/// Cluster mode's import ledger (<c>insights_imports</c>), shared by every silo and every import process of the cluster,
/// in front of the process's own ledger (the <c>imports</c> table its queries read). A claim takes a session-level
/// advisory lock on the content hash on a connection held until the import's final <see cref="RecordAsync"/>, and
/// upserts the row unless it is done: a second process given the same content meanwhile cannot get the lock (busy), and
/// after the import it finds the row done (already imported). A process that dies mid-import closes its connection,
/// PostgreSQL drops the lock, and the next attempt takes the import over — no lease times or locking of our own.
/// </summary>
public sealed class PostgresImportLedger(IImportLedger local, string connectionString) : IImportLedger, IAsyncDisposable
{
    // Session advisory locks survive a connection's return to a pool: claim connections are never pooled.
    private readonly string _claimConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    private readonly ConcurrentDictionary<string, NpgsqlConnection> _held = new(StringComparer.Ordinal);

    public async Task<ImportClaim> ClaimAsync(string importId, string kind, string path, long bytes, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_claimConnection);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@id, 0))", connection))
            {
                lockCommand.Parameters.AddWithValue("id", "insights-import:" + importId);
                if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    return new ImportClaim(ImportClaimOutcome.Busy, await ReadAsync(connection, importId, cancellationToken));
                }
            }
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO insights_imports AS i (import_id, kind, path, bytes, status, instance, started_at)
                VALUES (@id, @kind, @path, @bytes, 'running', @instance, now())
                ON CONFLICT (import_id) DO UPDATE
                    SET status = 'running', kind = excluded.kind, path = excluded.path, bytes = excluded.bytes,
                        instance = excluded.instance, started_at = excluded.started_at, completed_at = NULL,
                        attempts = i.attempts + 1, read = 0, stored = 0, duplicates = 0, rejected = 0
                    WHERE i.status <> 'done'
                """, connection);
            upsert.Parameters.AddWithValue("id", importId);
            upsert.Parameters.AddWithValue("kind", kind);
            upsert.Parameters.AddWithValue("path", path);
            upsert.Parameters.AddWithValue("bytes", bytes);
            upsert.Parameters.AddWithValue("instance", ClusterInstance.Name);
            if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                var done = await ReadAsync(connection, importId, cancellationToken);
                await ReleaseAsync(connection, importId, cancellationToken);
                return new ImportClaim(ImportClaimOutcome.AlreadyImported, done);
            }
            if (!_held.TryAdd(importId, connection))
            {
                // This process claimed the content already (a second grain activation would be a bug): keep one holder.
                await ReleaseAsync(connection, importId, cancellationToken);
                return new ImportClaim(ImportClaimOutcome.Busy, null);
            }
            return ImportClaim.Claimed;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task RecordAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await local.RecordAsync(record, cancellationToken);
        var final = record.Status is ImportStatus.Done or ImportStatus.Failed;
        var held = _held.GetValueOrDefault(record.ImportId);
        var connection = held ?? new NpgsqlConnection(_claimConnection);
        try
        {
            if (held is null)
            {
                await connection.OpenAsync(cancellationToken);
            }
            await using var update = new NpgsqlCommand("""
                INSERT INTO insights_imports AS i (import_id, kind, path, bytes, status, instance, started_at, completed_at, read, stored, duplicates, rejected)
                VALUES (@id, @kind, @path, @bytes, @status, @instance, @started, @completed, @read, @stored, @duplicates, @rejected)
                ON CONFLICT (import_id) DO UPDATE
                    SET status = excluded.status, instance = excluded.instance, completed_at = excluded.completed_at,
                        read = excluded.read, stored = excluded.stored, duplicates = excluded.duplicates, rejected = excluded.rejected
                    WHERE i.status <> 'done'
                """, connection);
            update.Parameters.AddWithValue("id", record.ImportId);
            update.Parameters.AddWithValue("kind", record.Kind);
            update.Parameters.AddWithValue("path", record.Path);
            update.Parameters.AddWithValue("bytes", record.Bytes);
            update.Parameters.AddWithValue("status", record.Status);
            update.Parameters.AddWithValue("instance", ClusterInstance.Name);
            update.Parameters.AddWithValue("started", record.StartedAt);
            update.Parameters.AddWithValue("completed", (object?)record.CompletedAt ?? DBNull.Value);
            update.Parameters.AddWithValue("read", record.Read);
            update.Parameters.AddWithValue("stored", record.Stored);
            update.Parameters.AddWithValue("duplicates", record.Duplicates);
            update.Parameters.AddWithValue("rejected", record.Rejected);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            // The final status ends the claim: the lock is released before the unpooled connection closes, because
            // the server drops a closed session's locks only when its backend gets to it — a claim made right after
            // would otherwise find the content busy rather than imported.
            if (held is null || final)
            {
                _held.TryRemove(record.ImportId, out _);
                if (held is not null)
                {
                    await ReleaseAsync(connection, record.ImportId, CancellationToken.None);
                }
                else
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var importId in _held.Keys)
        {
            if (_held.TryRemove(importId, out var connection))
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Unlocks the claim's advisory lock on its session, then closes the connection (which would drop it too, later).</summary>
    private static async Task ReleaseAsync(NpgsqlConnection connection, string importId, CancellationToken cancellationToken)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@id, 0))", connection);
            unlock.Parameters.AddWithValue("id", "insights-import:" + importId);
            await unlock.ExecuteScalarAsync(cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task<ImportRecord?> ReadAsync(NpgsqlConnection connection, string importId, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("""
            SELECT kind, path, bytes, started_at, completed_at, status, read, stored, duplicates, rejected
            FROM insights_imports WHERE import_id = @id
            """, connection);
        read.Parameters.AddWithValue("id", importId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new ImportRecord(importId, reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
    }
}
