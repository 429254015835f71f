namespace Platform.Insights.Reports.History;

/// <summary>
/// The report history: which reports exist, for which period, and where their files are. One implementation per
/// deployment shape, chosen by <see cref="ReportHistoryOptions.Kind"/>: the process's DuckDB store with files under the
/// data directory (<see cref="DuckDbReportHistory"/>), or the cluster's PostgreSQL with files under a directory every
/// silo shares (<see cref="PostgresReportHistory"/>). Every report read is repaired first (<see cref="ReportFolders"/>), so a
/// kill in the middle of a re-run's folder swap never lists a report without its files.
/// </summary>
public interface IReportHistory
{
    /// <summary>Where report folders go when no <c>--out</c> is given.</summary>
    string ReportsRoot { get; }

    /// <summary>Stores <paramref name="record"/> (its <c>Generations</c> is ignored: the stored count + 1); returns the row it replaced, if any.</summary>
    Task<ReportRecord?> RecordAsync(ReportRecord record, CancellationToken cancellationToken);

    Task<ReportRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <param name="team">A team-limited caller: only that team's reports.</param>
    Task<IReadOnlyList<ReportRecord>> ListAsync(string? team, CancellationToken cancellationToken);

    /// <summary>A row's directory as a full path (relative rows are under the history's base directory).</summary>
    string FullDirectory(string directory);

    /// <summary>What a row stores for <paramref name="fullDirectory"/>: relative to the base directory when under it, else absolute.</summary>
    string StoredDirectory(string fullDirectory);

    /// <summary>
    /// Held from before a generation reads the previous row until its folder is swapped in and its row recorded: one
    /// generation of a report id at a time among every process sharing this history (a second waits, then replaces).
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string id, CancellationToken cancellationToken);
}
