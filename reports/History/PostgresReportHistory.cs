using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Platform.Insights.Reports.History;

/// <summary>
/// The report history of a cluster: the <c>insights_reports</c> table in the cluster's PostgreSQL (host/Cluster/Sql/008,
/// applied by <c>insights db init</c>) and report folders under <see cref="ReportHistoryOptions.SharedDirectory"/>, a
/// directory every silo mounts. Rows store folders relative to that directory, so silos that mount it at different
/// paths agree. A generation holds a session-level advisory lock on the report id (<see cref="LockAsync"/>) from reading
/// the previous row to recording the new one, so two silos re-running one report take turns and the second replaces the
/// first once; a silo that dies drops the lock with its connection. A listing repairs a folder left between the two
/// renames of a swap only when it can take that lock at once — held means a swap is running elsewhere, not a kill.
/// </summary>
public sealed class PostgresReportHistory(IOptions<ReportsOptions> options, ReportFolders folders) : IReportHistory
{
    private const string LockPrefix = "insights-report-files:";

    private ReportHistoryOptions History => options.Value.History;

    private string ConnectionString => History.ConnectionString
        ?? throw new InvalidOperationException($"{ReportsOptions.Section}:History:ConnectionString is required when History:Kind is postgresql");

    /// <summary>The process (host/pid) written beside each row: which silo generated the report.</summary>
    public static string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public string ReportsRoot => Path.GetFullPath(History.SharedDirectory
        ?? throw new InvalidOperationException($"{ReportsOptions.Section}:History:SharedDirectory is required when History:Kind is postgresql"));

    public async Task<ReportRecord?> RecordAsync(ReportRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = (await ReadAsync(connection, transaction, record.Id, null, forUpdate: true, cancellationToken)) is [var row, ..] ? row : null;
        await using (var upsert = new NpgsqlCommand(LoadSql("report_upsert.postgres.sql"), connection, transaction))
        {
            upsert.Parameters.AddWithValue("id", record.Id);
            upsert.Parameters.AddWithValue("kind", record.Kind);
            upsert.Parameters.AddWithValue("period", record.Period);
            upsert.Parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = (object?)record.Team ?? DBNull.Value });
            upsert.Parameters.AddWithValue("period_from", Utc(record.PeriodFrom));
            upsert.Parameters.AddWithValue("period_to", Utc(record.PeriodTo));
            upsert.Parameters.AddWithValue("generated_at", Utc(record.GeneratedAt));
            upsert.Parameters.AddWithValue("trigger", record.Trigger);
            upsert.Parameters.AddWithValue("directory", record.Directory);
            upsert.Parameters.Add(new NpgsqlParameter("formats", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(record.Formats) });
            upsert.Parameters.AddWithValue("instance", Instance);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    public async Task<ReportRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync(id, null, cancellationToken)) is [var first, ..] ? first : null;

    public Task<IReadOnlyList<ReportRecord>> ListAsync(string? team, CancellationToken cancellationToken) => QueryAsync(null, team, cancellationToken);

    public string FullDirectory(string directory) =>
        Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(ReportsRoot, directory));

    public string StoredDirectory(string fullDirectory)
    {
        var stored = Path.GetRelativePath(ReportsRoot, fullDirectory);
        return stored.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(stored) ? Path.GetFullPath(fullDirectory) : stored;
    }

    public async Task<IAsyncDisposable> LockAsync(string id, CancellationToken cancellationToken)
    {
        // Unpooled: the lock belongs to this connection's session and must end with it, never linger in a pool.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@name, 0))", connection);
            command.Parameters.AddWithValue("name", LockPrefix + id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new HeldLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlyList<ReportRecord>> QueryAsync(string? id, string? team, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReportRecord> rows;
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            rows = await ReadAsync(connection, null, id, team, forUpdate: false, cancellationToken);
        }
        foreach (var row in rows)
        {
            await RepairAsync(row, cancellationToken);
        }
        return rows;
    }

    private async Task RepairAsync(ReportRecord row, CancellationToken cancellationToken)
    {
        var directory = FullDirectory(row.Directory);
        if (Directory.Exists(directory) || !Directory.Exists(directory + ReportFolders.RetiredSuffix))
        {
            return;
        }
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
        command.Parameters.AddWithValue("name", LockPrefix + row.Id);
        // Held: a silo is between the two renames of its swap right now; its row is recorded next. Closing the
        // connection below releases the lock when it was taken.
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            await folders.RepairAsync(directory, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<ReportRecord>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? id, string? team,
        bool forUpdate, CancellationToken cancellationToken)
    {
        var sql = LoadSql("reports_list.postgres.sql").TrimEnd().TrimEnd(';') + (forUpdate ? " FOR UPDATE" : "");
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = (object?)id ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = (object?)team ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReportRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReportRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTime>(4), reader.GetFieldValue<DateTime>(5), reader.GetFieldValue<DateTime>(6), reader.GetString(7), reader.GetString(8),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(9)) ?? [], reader.GetInt32(10)));
        }
        return rows;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string LoadSql(string name)
    {
        using var stream = typeof(PostgresReportHistory).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                // Closing the session releases the lock even when the unlock above could not be sent.
                await connection.DisposeAsync();
            }
        }
    }
}
