using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The DuckDB file of a data directory, owned by this process: the directory lock is taken first, the
/// schema migrated, then one write connection serves every writer in turn (DuckDB has one writer);
/// readers open their own connections and see committed data.
/// </summary>
public sealed class InsightsDatabase : IDisposable
{
    public const string FileName = "insights.duckdb";
    private readonly DataDirectoryLock _lock;
    private readonly DuckDBConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _connectionString;
    private readonly Lake.LakeViews? _lake;

    private InsightsDatabase(DataDirectoryLock directoryLock, DuckDBConnection writer, string directory, string path, int schemaVersion, Lake.LakeViews? lake)
    {
        _lake = lake;
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

    public static InsightsDatabase Open(string directory, StoreRole role, TimeProvider time, IReadOnlyList<SchemaMigration>? migrations = null, string? memoryLimit = null,
        Lake.LakeViews? lake = null)
    {
        var full = Path.GetFullPath(directory);
        var directoryLock = DataDirectoryLock.Acquire(full, role.Mode, role.Url, time);
        DuckDBConnection? connection = null;
        try
        {
            var path = Path.Combine(full, FileName);
            connection = new DuckDBConnection($"Data Source={path}");
            connection.Open();
            if (memoryLimit is not null)
            {
                // Validated by StoreOptions (digits and a unit only), so it is safe to put in the statement.
                using var limit = connection.CreateCommand();
                limit.CommandText = $"SET memory_limit = '{memoryLimit}'";
                limit.ExecuteNonQuery();
            }
            var version = SchemaMigrator.Migrate(connection, path, time, migrations);
            // From here on nothing may reach a file, URL or extension through this instance but the store itself and,
            // in cluster mode, the lake it writes and reads (SECURITY.md).
            Query.StoreSandbox.Lock(connection, lake is null ? [] : [lake.Layout.Root]);
            return new InsightsDatabase(directoryLock, connection, full, path, version, lake);
        }
        catch
        {
            connection?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="write"/> on the single write connection, one writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return write(_writer);
        }
        finally
        {
            _writeGate.Release();
        }
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
