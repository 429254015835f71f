using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Brings a DuckDB file to the schema this build expects: each pending migration in its own transaction,
/// recorded in <c>schema_version</c>. A file from a newer build is refused untouched.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>A column clause that needs a store file of storage version v1.2.0 or later (see <see cref="StorageSql"/>).</summary>
    private const string Zstd = " USING COMPRESSION zstd";

    public static int Migrate(DuckDBConnection connection, string file, TimeProvider time, IReadOnlyList<SchemaMigration>? migrations = null)
    {
        migrations ??= SchemaMigration.Embedded;
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = CurrentVersion(connection);
        if (current > known)
        {
            throw new SchemaVersionException(file, current, known);
        }

        var zstd = SupportsZstd(connection);
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = StorageSql(migration.Sql, zstd);
                command.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.CommandText = "INSERT INTO schema_version VALUES ($version, $description, $applied)";
                record.Parameters.Add(new DuckDBParameter("version", migration.Version));
                record.Parameters.Add(new DuckDBParameter("description", migration.Description));
                record.Parameters.Add(new DuckDBParameter("applied", time.GetUtcNow().UtcDateTime));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
            current = migration.Version;
        }
        return current;
    }

    /// <summary>
    /// The migration's SQL for this file: a store file older than storage version v1.2.0 (made before InsightsDatabase
    /// asked for it) cannot hold ZSTD-compressed strings, and DuckDB stores a column declared so uncompressed there, so
    /// the clause is dropped and the column keeps DuckDB's automatic compression.
    /// </summary>
    public static string StorageSql(string sql, bool supportsZstd)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return supportsZstd ? sql : sql.Replace(Zstd, "", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the connection's database file is of storage version v1.2.0 or later (DuckDB's <c>storage_version</c> tag, e.g. <c>v1.2.0+</c>).</summary>
    public static bool SupportsZstd(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()";
        var tag = command.ExecuteScalar() as string;
        return tag is not null && Version.TryParse(tag.TrimStart('v').TrimEnd('+'), out var version) && version >= new Version(1, 2, 0);
    }

    public static int CurrentVersion(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
