using Npgsql;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// <see cref="IPartitionLock"/> on the cluster's PostgreSQL: a session-level <c>pg_try_advisory_lock</c> on a 64-bit
/// key derived from the partition's name, held by a connection of its own until released. PostgreSQL releases it when
/// that session ends, so a compactor that dies frees the partition for the next one. <paramref name="keyPrefix"/> keeps
/// other users' keys apart from the lake's (the scheduled pulls' <c>PostgresPullLock</c> uses "insights-pull:").
/// </summary>
public sealed class PostgresPartitionLock(string connectionString, string keyPrefix = "insights-lake:") : IPartitionLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string partition, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT pg_try_advisory_lock(('x' || substr(md5(@prefix || @partition), 1, 16))::bit(64)::bigint)", connection);
            command.Parameters.AddWithValue("prefix", keyPrefix);
            command.Parameters.AddWithValue("partition", partition);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new Held(connection, keyPrefix, partition);
            }
            await connection.DisposeAsync();
            return null;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string keyPrefix, string partition) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand(
                    "SELECT pg_advisory_unlock(('x' || substr(md5(@prefix || @partition), 1, 16))::bit(64)::bigint)", connection);
                command.Parameters.AddWithValue("prefix", keyPrefix);
                command.Parameters.AddWithValue("partition", partition);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            finally
            {
                // Closing the session releases the lock even if the unlock failed.
                await connection.DisposeAsync();
            }
        }
    }
}
