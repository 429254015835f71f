using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// How <see cref="InsightsDatabase"/> opens its DuckDB instance, kept so a reopen after an invalidation gets the same settings.
/// </summary>
/// <param name="MemoryLimit">DuckDB's <c>memory_limit</c>; null leaves DuckDB's own default.</param>
/// <param name="Threads">DuckDB's <c>threads</c> for the whole instance (<see cref="StoreOptions.Threads"/>); null leaves DuckDB's default.</param>
/// <param name="Import">A one-shot import process: <see cref="ImportAllocatorSettings"/> apply.</param>
/// <param name="Fault">The tests' injected file-system failure, if any.</param>
internal sealed record StoreConnectionSettings(string? MemoryLimit, int? Threads, bool Import, IStoreWriteFault? Fault)
{
    /// <summary>
    /// DuckDB settings of an import process. DuckDB flushes its allocator's caches after a bulk deallocation of 512 MiB only
    /// (<c>allocator_bulk_deallocation_flush_threshold</c>), more than an import's whole memory limit, so what each log
    /// checkpoint freed (~300 MiB, BENCHMARKS.md §16b) stayed resident; a 32 MiB threshold and jemalloc's background purge
    /// threads give part of it back (500k lines: 853 to 811 MiB on their own, §16c).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> ImportAllocatorSettings =
    [
        ("allocator_bulk_deallocation_flush_threshold", "'32MiB'"),
        ("allocator_background_threads", "true"),
    ];

    /// <summary>Opens a connection of the file with these settings applied (first open of the file, and every reopen).</summary>
    public DuckDBConnection Connect(string connectionString)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            if (MemoryLimit is not null)
            {
                // Validated by StoreOptions (digits and a unit only), so it is safe to put in the statement.
                using var limit = connection.CreateCommand();
                limit.CommandText = $"SET memory_limit = '{MemoryLimit}'";
                limit.ExecuteNonQuery();
            }
            if (Threads is { } count)
            {
                using var setting = connection.CreateCommand();
                setting.CommandText = $"SET threads = {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                setting.ExecuteNonQuery();
            }
            if (Import)
            {
                foreach (var (name, value) in ImportAllocatorSettings)
                {
                    using var setting = connection.CreateCommand();
                    setting.CommandText = $"SET {name} = {value}";
                    setting.ExecuteNonQuery();
                }
            }
            Fault?.Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
