using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Query;

/// <summary>
/// DuckDB's own guard for the store's database instance: once the schema is migrated nothing in the
/// store reads or writes files other than its own, so external access is switched off and the
/// configuration locked. From then on <c>read_csv</c>, <c>read_text</c>, <c>glob</c>, replacement scans of
/// file names, <c>ATTACH</c>, <c>COPY … TO</c>, <c>EXPORT DATABASE</c>, <c>INSTALL</c> and <c>LOAD</c> of
/// extensions fail inside DuckDB ("file system operations are disabled by configuration") on every
/// connection of the instance, and no statement can switch it back (<c>lock_configuration</c>).
/// Billing Parquet files are read by their own in-memory instance (ParquetRecordReader), which this does not touch. In
/// cluster mode the lake's root stays open to the instance (<c>allowed_directories</c>): its writer copies batches there and
/// its views read them, so <c>insights query</c> may read the lake's Parquet files too — the same rows the store's views show.
/// </summary>
public static class StoreSandbox
{
    /// <param name="allowedDirectories">Directories the instance itself must still write and read (the cluster's Parquet lake):
    /// DuckDB's <c>allowed_directories</c>, the only paths open once external access is off.</param>
    public static void Lock(DuckDBConnection connection, IReadOnlyList<string>? allowedDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        var allowed = (allowedDirectories ?? []).Select(d => "'" + Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)).Replace("'", "''", StringComparison.Ordinal) + "/'").ToList();
        command.CommandText = (allowed.Count > 0 ? $"SET allowed_directories = [{string.Join(", ", allowed)}]; " : "")
            + "SET enable_external_access = false; SET lock_configuration = true;";
        command.ExecuteNonQuery();
    }

    /// <summary>Whether <paramref name="connection"/>'s instance is locked down (for <c>/readyz</c>-style checks and tests).</summary>
    public static bool IsLocked(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT NOT current_setting('enable_external_access') AND current_setting('lock_configuration')";
        return command.ExecuteScalar() is true;
    }
}
