using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>DuckDB's memory on /metrics (RELIABILITY.md §5.8): what a scrape shows is what duckdb_memory() says at that moment.</summary>
public sealed class StoreMemoryGaugesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_scrape_shows_the_buffer_memory_duckdb_holds_for_the_stores_tables_per_tag()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, memoryLimit: "256MiB");
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var gauges = new StoreMemoryGauges(database, registry);
        await gauges.StartAsync(CancellationToken.None);
        // Rows that live in the buffer pool until a checkpoint: a temp-free table DuckDB accounts as base-table memory.
        await database.WriteAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "CREATE TABLE ballast AS SELECT range AS id, repeat('x', 64) AS pad FROM range(200000)";
            command.ExecuteNonQuery();
        }, CancellationToken.None);

        var scrape = await Scrape(registry);
        var expected = Convert.ToInt64(Sql.Scalar(database, "SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"),
            System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(expected > 0, "DuckDB holds the new table's rows in memory");
        Assert.Contains($"insights_store_memory_bytes{{tag=\"BASE_TABLE\"}} {expected}", scrape, StringComparison.Ordinal);
        Assert.Contains("insights_store_temporary_bytes{tag=\"BASE_TABLE\"} 0", scrape, StringComparison.Ordinal);
    }

    private static async Task<string> Scrape(Prometheus.CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
