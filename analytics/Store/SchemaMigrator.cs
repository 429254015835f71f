using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Brings a DuckDB file to the schema this build expects: each pending migration in its own transaction,
/// recorded in <c>schema_version</c>. A file from a newer build is refused untouched.
/// </summary>
public static class SchemaMigrator
{
    public static int Migrate(DuckDBConnection connection, string file, TimeProvider time, IReadOnlyList<SchemaMigration>? migrations = null)
    {
        migrations ??= SchemaMigration.Embedded;
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = CurrentVersion(connection);
        if (current > known)
        {
            throw new SchemaVersionException(file, current, known);
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = migration.Sql;
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
