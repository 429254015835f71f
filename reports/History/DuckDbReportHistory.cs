using System.Collections.Concurrent;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Reports.History;

/// <summary>
/// The embedded report history: the <c>reports</c> table (migration 002) of the process's DuckDB store, files under the
/// data directory (<c>DATA/reports/ID/</c>). SQL in <c>History/*.sql</c> next to this class; writes go through the store's
/// single writer. Every report read here has its folder repaired first (<see cref="ReportFolders.RepairAsync"/>), so a
/// kill in the middle of a re-run's folder swap never lists a report without its files. The data directory lock keeps
/// other processes out, so the generation lock is one semaphore per report id in this process.
/// </summary>
public sealed class DuckDbReportHistory(InsightsDatabase database, ReportFolders folders, IOptions<ReportsOptions> options) : IReportHistory
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _generations = new(StringComparer.Ordinal);

    public string ReportsRoot => Path.Combine(database.Directory, options.Value.Directory);

    public async Task<IAsyncDisposable> LockAsync(string id, CancellationToken cancellationToken)
    {
        var gate = _generations.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public string StoredDirectory(string fullDirectory)
    {
        var stored = Path.GetRelativePath(database.Directory, fullDirectory);
        return stored.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(stored) ? Path.GetFullPath(fullDirectory) : stored;
    }

    public async Task<ReportRecord?> RecordAsync(ReportRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var before = await FindAsync(record.Id, cancellationToken);
        await database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = LoadSql("report_upsert.sql");
            command.Parameters.Add(new DuckDBParameter("id", record.Id));
            command.Parameters.Add(new DuckDBParameter("kind", record.Kind));
            command.Parameters.Add(new DuckDBParameter("period", record.Period));
            command.Parameters.Add(new DuckDBParameter("team", (object?)record.Team ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("period_from", Unspecified(record.PeriodFrom)));
            command.Parameters.Add(new DuckDBParameter("period_to", Unspecified(record.PeriodTo)));
            command.Parameters.Add(new DuckDBParameter("generated_at", Unspecified(record.GeneratedAt)));
            command.Parameters.Add(new DuckDBParameter("trigger", record.Trigger));
            command.Parameters.Add(new DuckDBParameter("directory", record.Directory));
            command.Parameters.Add(new DuckDBParameter("formats", JsonSerializer.Serialize(record.Formats)));
            command.Parameters.Add(new DuckDBParameter("generations", (before?.Generations ?? 0) + 1));
            command.ExecuteNonQuery();
            transaction.Commit();
        }, cancellationToken);
        return before;
    }

    public async Task<ReportRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync(id, null, null, cancellationToken)) is [var first, ..] ? first : null;

    /// <param name="team">A team-limited caller: only that team's reports.</param>
    public Task<IReadOnlyList<ReportRecord>> ListAsync(string? team, CancellationToken cancellationToken) => QueryAsync(null, null, team, cancellationToken);

    private async Task<IReadOnlyList<ReportRecord>> QueryAsync(string? id, string? kind, string? team, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = LoadSql("reports_list.sql");
        command.Parameters.Add(new DuckDBParameter("id", (object?)id ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("kind", (object?)kind ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("team", (object?)team ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReportRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReportRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                Utc(reader.GetDateTime(4)), Utc(reader.GetDateTime(5)), Utc(reader.GetDateTime(6)), reader.GetString(7), reader.GetString(8),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(9)) ?? [], reader.GetInt32(10)));
        }
        foreach (var row in rows)
        {
            await folders.RepairAsync(FullDirectory(row.Directory), cancellationToken);
        }
        return rows;
    }

    /// <summary>A row's directory as a full path (relative rows are under the data directory).</summary>
    public string FullDirectory(string directory) =>
        Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(database.Directory, directory));

    private static DateTime Unspecified(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    private static string LoadSql(string name)
    {
        using var stream = typeof(DuckDbReportHistory).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
