using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Platform.Insights.Host.Cluster;

/// <summary>
/// The PostgreSQL schema cluster mode needs: Orleans' query table, membership, grain state and reminders, Quartz's
/// clustered job store and the shared run and import ledgers, from the
/// embedded <c>Cluster/Sql/*.sql</c> files in name order. Every file is idempotent (IF NOT EXISTS, CREATE OR REPLACE,
/// upserted query rows) and all of them run in one transaction under an advisory lock, so <c>insights db init</c>
/// run twice, or by two silos' init containers at once, leaves the same schema. Applied files are recorded with a
/// hash in <c>insights_schema_migrations</c> so an operator can see what ran and when.
/// </summary>
public static class ClusterSchema
{
    // An arbitrary constant: every process initialising this schema takes the same transaction-scoped lock.
    private const long MigrationLock = 0x1A5_16_47;
    private const string ResourcePrefix = "cluster/";

    /// <summary>The schema Hangfire.PostgreSql keeps the cleanup job queue in (its default).</summary>
    public const string HangfireSchema = "hangfire";

    public static IReadOnlyList<ClusterMigration> Migrations { get; } = Load();

    public static async Task<IReadOnlyList<ClusterMigrationResult>> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS insights_schema_migrations (
                name text PRIMARY KEY,
                sha256 text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT name, sha256 FROM insights_schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var results = new List<ClusterMigrationResult>();
        foreach (var migration in Migrations)
        {
            if (recorded.TryGetValue(migration.Name, out var hash) && hash == migration.Sha256)
            {
                results.Add(new ClusterMigrationResult(migration.Name, Applied: false));
                continue;
            }
            // A changed file is applied again: it is idempotent by construction, so re-running it only brings
            // functions and query rows up to date.
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO insights_schema_migrations (name, sha256) VALUES (@name, @sha) ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = now()",
                connection, transaction);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("sha", migration.Sha256);
            await record.ExecuteNonQueryAsync(cancellationToken);
            results.Add(new ClusterMigrationResult(migration.Name, Applied: true));
        }
        await transaction.CommitAsync(cancellationToken);
        results.Add(await InstallHangfireAsync(connection, cancellationToken));
        return results;
    }

    /// <summary>
    /// Hangfire's own PostgreSQL schema (<c>hangfire.*</c>, the cleanup job queue), installed by Hangfire.PostgreSql's
    /// versioned installer — its schema is its own to migrate — under the same lock, so silos never race to create it.
    /// </summary>
    private static async Task<ClusterMigrationResult> InstallHangfireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            var before = await HangfireVersionAsync(connection, cancellationToken);
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
            return new ClusterMigrationResult($"{HangfireSchema} (Hangfire.PostgreSql)", Applied: before != await HangfireVersionAsync(connection, cancellationToken));
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task<int?> HangfireVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Two statements: a query naming a table that does not exist fails at parse time, whatever its CASE says.
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{HangfireSchema}.schema') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }
        await using var command = new NpgsqlCommand($"SELECT max(version) FROM {HangfireSchema}.schema", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<ClusterMigration> Load()
    {
        var assembly = typeof(ClusterSchema).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Read(assembly, n))];
    }

    private static ClusterMigration Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new ClusterMigration(name[ResourcePrefix.Length..], sql, sha);
    }
}
