using DuckDB.NET.Data;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// DuckDB's own memory on <c>/metrics</c>, read from <c>duckdb_memory()</c> just before each scrape: the bytes its buffer
/// manager holds and those it spilled to temporary files, per tag (base tables, hash tables, WAL, …). The process's RSS
/// alone cannot tell DuckDB's share from the .NET heap's, which is the question a soak asks (RELIABILITY.md §5.8).
/// </summary>
public sealed class StoreMemoryGauges : IHostedService
{
    private readonly InsightsDatabase _database;
    private readonly CollectorRegistry _registry;
    private readonly Gauge _memory;
    private readonly Gauge _temporary;

    public StoreMemoryGauges(InsightsDatabase database, CollectorRegistry registry)
    {
        _database = database;
        _registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        _memory = factory.CreateGauge("insights_store_memory_bytes",
            "Memory DuckDB's buffer manager holds for the store, by duckdb_memory() tag (bounded by Insights:MemoryLimit).", "tag");
        _temporary = factory.CreateGauge("insights_store_temporary_bytes",
            "Bytes DuckDB spilled to temporary files under the data directory, by duckdb_memory() tag.", "tag");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.AddBeforeCollectCallback(Refresh);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads <c>duckdb_memory()</c> into the gauges; an instance that cannot answer keeps the last values.</summary>
    public void Refresh()
    {
        try
        {
            using var connection = _database.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var tag = reader.GetString(0);
                _memory.WithLabels(tag).Set(reader.GetInt64(1));
                _temporary.WithLabels(tag).Set(reader.GetInt64(2));
            }
        }
        catch (DuckDBException)
        {
            // An invalidated instance (a failed checkpoint): /readyz reports it; the scrape must still answer.
        }
    }
}
