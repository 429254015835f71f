using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The DuckDB file of a data directory, owned by this process: the directory lock is taken first, the
/// schema migrated, then one write connection serves every writer in turn (DuckDB has one writer);
/// readers open their own connections and see committed data. When DuckDB invalidates the instance (a failed automatic
/// checkpoint, e.g. the disk filled while it rewrote the file: "database has been invalidated because of a previous fatal
/// error"), every later statement fails until the instance is opened again; the next write (or a readiness probe) reopens
/// it on the same file — the WAL replays what was committed — instead of needing a restart.
/// </summary>
public sealed class InsightsDatabase : IDisposable
{
    public const string FileName = "insights.duckdb";

    /// <summary>The storage version new store files are made in (DuckDB's <c>storage_compatibility_version</c>).</summary>
    public const string StorageVersion = "v1.2.0";
    private readonly DataDirectoryLock _lock;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _connectionString;
    private readonly Lake.LakeViews? _lake;
    private readonly StoreConnectionSettings _settings;
    private DuckDBConnection _writer;
    private volatile string? _invalidated;
    private long _writes;

    private InsightsDatabase(DataDirectoryLock directoryLock, DuckDBConnection writer, string directory, string path, int schemaVersion, Lake.LakeViews? lake,
        StoreConnectionSettings settings)
    {
        _lake = lake;
        _settings = settings;
        _lock = directoryLock;
        _writer = writer;
        Directory = directory;
        FilePath = path;
        SchemaVersion = schemaVersion;
        _connectionString = writer.ConnectionString;
    }

    public string Directory { get; }

    public string FilePath { get; }

    public int SchemaVersion { get; }

    /// <summary>In cluster mode, the lake whose files readers see under the store's table names; null in embedded mode.</summary>
    public Lake.LakeViews? Lake => _lake;

    /// <summary>
    /// Why DuckDB invalidated the open instance (the failed checkpoint's own words), until it has been reopened; null while
    /// the instance is usable.
    /// </summary>
    public string? Invalidated => _invalidated;

    /// <param name="memoryLimit">DuckDB's <c>memory_limit</c>; null leaves DuckDB's own default.</param>
    /// <param name="import">
    /// A one-shot import process (<see cref="StoreRole.IsImport"/>): DuckDB also hands the memory a checkpoint freed back to
    /// the system at once (<see cref="StoreConnectionSettings.ImportAllocatorSettings"/>).
    /// </param>
    /// <param name="threads">DuckDB's <c>threads</c> for the whole instance (<see cref="StoreOptions.Threads"/>); null leaves DuckDB's default (the cores).</param>
    public static InsightsDatabase Open(string directory, StoreRole role, TimeProvider time, IReadOnlyList<SchemaMigration>? migrations = null, string? memoryLimit = null,
        Lake.LakeViews? lake = null, IStoreWriteFault? fault = null, bool import = false, int? threads = null)
    {
        var full = Path.GetFullPath(directory);
        var directoryLock = DataDirectoryLock.Acquire(full, role.Mode, role.Url, time);
        DuckDBConnection? connection = null;
        try
        {
            var path = Path.Combine(full, FileName);
            // A new file is made in storage version v1.2.0, the first that can hold ZSTD-compressed strings (billing's
            // x_extra, migration 004); an existing file keeps the version it was made with.
            var settings = new StoreConnectionSettings(memoryLimit, threads, import, fault);
            connection = settings.Connect($"Data Source={path};storage_compatibility_version={StorageVersion}");
            var version = SchemaMigrator.Migrate(connection, path, time, migrations);
            // From here on nothing may reach a file, URL or extension through this instance but the store itself and,
            // in cluster mode, the lake it writes and reads (SECURITY.md).
            Query.StoreSandbox.Lock(connection, lake is null ? [] : [lake.Layout.Root]);
            return new InsightsDatabase(directoryLock, connection, full, path, version, lake, settings);
        }
        catch
        {
            connection?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> on the single write connection, one writer at a time; first reopens an instance DuckDB
    /// invalidated (throwing <see cref="StoreInvalidatedException"/> while that still fails).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_invalidated is not null)
            {
                Reopen();
            }
            try
            {
                return write(_writer);
            }
            catch (Exception e) when (IsInvalidation(e))
            {
                _invalidated = OriginalError(e);
                throw new StoreInvalidatedException(Directory, _invalidated, e);
            }
        }
        finally
        {
            // After the write (committed or rolled back), before the gate opens: a computation that read before it
            // took an older count, so its answer is not current any more (Query.AnswerSnapshots).
            Interlocked.Increment(ref _writes);
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Writes through <see cref="WriteAsync{T}"/> so far (committed or not): a change means the store may hold rows an answer
    /// computed before did not see. Billing deliveries (their own connection) and other silos' lake files are not counted
    /// (<see cref="Lake.LakeViews.Version"/> is).
    /// </summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Reopens an invalidated instance now (readiness probes call this, so a pod taken out of traffic can heal); true when usable.</summary>
    public async Task<bool> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_invalidated is null)
        {
            return true;
        }
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_invalidated is not null)
            {
                Reopen();
            }
            return true;
        }
        catch (StoreInvalidatedException)
        {
            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Closes the write connection and opens the file again. DuckDB.NET shares one instance among a file's open connections,
    /// so the instance is only new once every reader has closed too; until then the probe fails and the next write tries
    /// again. The committed transactions are in the WAL, which the new instance replays.
    /// </summary>
    private void Reopen()
    {
        try
        {
            _writer.Dispose();
        }
        catch (DuckDBException)
        {
            // The invalidated connection's own rollback can fail; it is being thrown away.
        }
        DuckDBConnection? connection = null;
        try
        {
            connection = _settings.Connect(_connectionString);
            Query.StoreSandbox.Lock(connection, _lake is null ? [] : [_lake.Layout.Root]);
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM schema_version";
            probe.ExecuteScalar();
            _writer = connection;
            _invalidated = null;
        }
        catch (Exception e) when (e is DuckDBException or IOException)
        {
            connection?.Dispose();
            // Keep a closed connection in place so a later attempt (or Dispose) has something to close.
            _writer = new DuckDBConnection(_connectionString);
            throw new StoreInvalidatedException(Directory, _invalidated ?? e.Message, e);
        }
    }

    private static bool IsInvalidation(Exception e) =>
        e is (DuckDBException or StoreStatementException) && (e.Message.StartsWith("FATAL Error", StringComparison.Ordinal)
            || e.Message.Contains("database has been invalidated", StringComparison.OrdinalIgnoreCase));

    /// <summary>DuckDB's "Original error: …" inside an invalidation message (the checkpoint's reason), else the first line.</summary>
    private static string OriginalError(Exception e)
    {
        const string marker = "Original error: ";
        var message = e.Message;
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        var text = at < 0 ? message : message[(at + marker.Length)..].Trim().Trim('"');
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    public Task WriteAsync(Action<DuckDBConnection> write, CancellationToken cancellationToken) =>
        WriteAsync(connection =>
        {
            write(connection);
            return true;
        }, cancellationToken);

    /// <summary>
    /// A new connection for reading; dispose it when done. In cluster mode its <c>metric_samples</c>, <c>metric_series</c>,
    /// <c>log_events</c> and <c>focus_line_items</c> are views over the lake as listed now (<see cref="Lake.LakeViews"/>),
    /// so every query, KPI SQL included, reads the whole cluster's rows unchanged.
    /// </summary>
    public DuckDBConnection OpenReader()
    {
        var connection = OpenConnection();
        if (_lake is not null)
        {
            try
            {
                _lake.Define(connection, Analytics.Lake.LakeKind.All);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        return connection;
    }

    /// <summary>A new connection to this silo's own tables, never the lake's views (a writer of its own, such as a billing delivery).</summary>
    public DuckDBConnection OpenConnection()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            try
            {
                using var checkpoint = _writer.CreateCommand();
                checkpoint.CommandText = "CHECKPOINT";
                checkpoint.ExecuteNonQuery();
            }
            catch (DuckDBException)
            {
                // A full or read-only disk: the committed transactions are in the WAL, which the next open replays;
                // failing here would only turn a clean exit into a crash report.
            }
            _writer.Dispose();
        }
        finally
        {
            _lock.Dispose();
            _writeGate.Dispose();
        }
    }
}
