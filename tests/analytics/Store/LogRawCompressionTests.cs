using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// A log event's whole ECS document (<c>log_events.raw</c>) is stored ZSTD-compressed where the store file can hold it
/// (migration 006): with DuckDB's automatic FSST every checkpoint during a log import re-compressed the table's last row
/// group, the import's memory peak (BENCHMARKS.md §16b). Stores made before keep their log rows.
/// </summary>
public sealed class LogRawCompressionTests : IDisposable
{
    private const string InsertRows = """
        INSERT INTO log_events (event_id, ts, service, message, raw)
        SELECT 'ev-' || i, TIMESTAMP '2025-01-01' + to_seconds(i), 'checkout', 'GET /cart 200',
               json_object('event', json_object('id', 'ev-' || i), 'message', repeat('GET /cart 200 upstream ', 20))
        FROM range(20000) r(i)
        """;

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_new_store_keeps_each_log_document_zstd_compressed()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await WriteAsync(database, InsertRows);
        await WriteAsync(database, "CHECKPOINT");

        Assert.Equal(["ZSTD"], Compressions(database, "raw"));
        Assert.Equal("ev-19999", Sql.Scalar(database, "SELECT raw->'event'->>'id' FROM log_events WHERE event_id = 'ev-19999'"));
    }

    [Fact]
    public async Task A_store_made_before_the_log_migration_keeps_its_log_rows_and_compresses_them_with_zstd()
    {
        var file = Path.Combine(_dir.Path, InsightsDatabase.FileName);
        using (var old = new DuckDBConnection($"Data Source={file};storage_compatibility_version={InsightsDatabase.StorageVersion}"))
        {
            old.Open();
            SchemaMigrator.Migrate(old, file, _time, [.. SchemaMigration.Embedded.Where(m => m.Version < 6)]);
            using var insert = old.CreateCommand();
            insert.CommandText = InsertRows;
            insert.ExecuteNonQuery();
        }

        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await WriteAsync(database, "CHECKPOINT");

        Assert.Equal(20000L, Sql.Count(database, "SELECT count(*) FROM log_events WHERE raw->'event'->>'id' = event_id AND service = 'checkout'"));
        Assert.Equal(["ZSTD"], Compressions(database, "raw"));
    }

    private static List<string> Compressions(InsightsDatabase database, string column) =>
    [
        .. Sql.Rows(database, "SELECT DISTINCT compression FROM pragma_storage_info('log_events') WHERE column_name = $c AND segment_type <> 'VALIDITY' ORDER BY 1",
            ("c", column)).Select(r => (string)r[0]!),
    ];

    private static Task WriteAsync(InsightsDatabase database, string sql) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }, CancellationToken.None);
}
