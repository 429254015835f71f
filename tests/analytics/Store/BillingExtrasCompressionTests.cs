using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// Billing's <c>x_extra</c> (an AWS CUR row's ~110 provider columns as JSON) is stored ZSTD-compressed where the store
/// file can hold it (migration 004), and an older file keeps DuckDB's automatic compression rather than none.
/// </summary>
public sealed class BillingExtrasCompressionTests : IDisposable
{
    private const string InsertRows = """
        INSERT INTO focus_line_items (import_id, source_line, BilledCost, EffectiveCost, ListCost, ContractedCost, BillingCurrency,
            BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd, x_extra)
        SELECT 'imp', i, 1, 1, 1, 1, 'USD', TIMESTAMP '2025-01-01', TIMESTAMP '2025-02-01', TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-02',
               json_object('x_identity_line_item_id', 'line-' || i, 'x_product_description', repeat('General purpose instance ', 20))
        FROM range(20000) r(i)
        """;

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_new_store_keeps_billing_extras_zstd_compressed()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await WriteAsync(database, InsertRows);
        await WriteAsync(database, "CHECKPOINT");

        Assert.Equal(["ZSTD"], Compressions(database, "x_extra"));
        Assert.Equal("line-19999", Sql.Scalar(database, "SELECT x_extra->>'x_identity_line_item_id' FROM focus_line_items WHERE source_line = 19999"));
    }

    [Fact]
    public async Task A_store_file_made_before_zstd_keeps_its_rows_and_compresses_extras_automatically()
    {
        var file = Path.Combine(_dir.Path, InsightsDatabase.FileName);
        using (var old = new DuckDBConnection($"Data Source={file}"))
        {
            // DuckDB's default storage version (what stores were made in before migration 004) cannot hold ZSTD strings.
            old.Open();
            SchemaMigrator.Migrate(old, file, _time, [.. SchemaMigration.Embedded.Where(m => m.Version < 4)]);
            Assert.False(SchemaMigrator.SupportsZstd(old));
            using var insert = old.CreateCommand();
            insert.CommandText = InsertRows;
            insert.ExecuteNonQuery();
        }

        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await WriteAsync(database, "CHECKPOINT");

        Assert.Equal(20000L, Sql.Count(database, "SELECT count(*) FROM focus_line_items WHERE x_extra->>'x_identity_line_item_id' LIKE 'line-%'"));
        var compressions = Compressions(database, "x_extra");
        Assert.NotEmpty(compressions);
        Assert.DoesNotContain("Uncompressed", compressions);
        Assert.DoesNotContain("ZSTD", compressions);
    }

    [Fact]
    public void The_zstd_clause_is_dropped_only_for_an_older_store_file()
    {
        const string sql = "CREATE TABLE t (a VARCHAR, x JSON USING COMPRESSION zstd);";

        Assert.Equal(sql, SchemaMigrator.StorageSql(sql, supportsZstd: true));
        Assert.Equal("CREATE TABLE t (a VARCHAR, x JSON);", SchemaMigrator.StorageSql(sql, supportsZstd: false));
    }

    private static List<string> Compressions(InsightsDatabase database, string column) =>
    [
        .. Sql.Rows(database, "SELECT DISTINCT compression FROM pragma_storage_info('focus_line_items') WHERE column_name = $c AND segment_type <> 'VALIDITY' ORDER BY 1",
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
