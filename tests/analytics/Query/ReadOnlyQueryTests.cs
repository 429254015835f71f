using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Query;

/// <summary>One small store shared by the query tests: none of them may change it.</summary>
public sealed class QueryStoreFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public InsightsDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), new FakeTimeProvider());
        await Database.WriteAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = """
                INSERT INTO catalog_teams (name, title, declared) VALUES ('payments', 'Payments', true), ('search', 'Search', true), ('it''s', 'Quote', true);
                INSERT INTO catalog_services (name, team, source_file) VALUES ('checkout', 'payments', 'a.yaml'), ('ledger', 'payments', 'a.yaml'), ('finder', 'search', 'b.yaml');
                """;
            command.ExecuteNonQuery();
        }, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ReadOnlyQueryTests(QueryStoreFixture fixture) : IClassFixture<QueryStoreFixture>, IDisposable
{
    private readonly TempDirectory _outside = new();
    private readonly InsightsDatabase _database = fixture.Database;
    private readonly ReadOnlyQuery _query = new(fixture.Database);

    public void Dispose() => _outside.Dispose();

    private (long Teams, long Services, long Tables) Snapshot() =>
        (Sql.Count(_database, "SELECT count(*) FROM catalog_teams"),
         Sql.Count(_database, "SELECT count(*) FROM catalog_services"),
         Sql.Count(_database, "SELECT count(*) FROM information_schema.tables"));

    [Fact]
    public async Task A_select_returns_its_columns_and_rows()
    {
        var result = await _query.RunAsync("SELECT team, count(*) AS services FROM catalog_services GROUP BY team ORDER BY team;", 100, CancellationToken.None);

        Assert.Equal(["team", "services"], result.Columns);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["payments", 2L], result.Rows[0]);
        Assert.Equal(["search", 1L], result.Rows[1]);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task Rows_beyond_the_limit_are_cut_and_flagged()
    {
        var result = await _query.RunAsync("FROM catalog_services ORDER BY name", 2, CancellationToken.None);

        Assert.Equal(2, result.Rows.Count);
        Assert.True(result.Truncated);
        Assert.Equal("checkout", result.Rows[0][0]);
    }

    [Theory]
    [InlineData("WITH t AS (SELECT 1 AS x) SELECT x FROM t")]
    [InlineData("  select ';' AS semicolon, 'it''s' AS quote ;  ")]
    [InlineData("SHOW TABLES")]
    [InlineData("DESCRIBE catalog_teams")]
    [InlineData("SUMMARIZE catalog_services")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("(SELECT 1)")]
    [InlineData("EXPLAIN SELECT * FROM catalog_teams")]
    [InlineData("EXPLAIN ANALYZE SELECT * FROM catalog_teams")]
    [InlineData("explain analyze (SELECT 1)")]
    [InlineData("SELECT 1 AS \"it's\" -- a comment; with a semicolon\n")]
    [InlineData("SELECT /* ; */ 1")]
    public async Task Reading_statements_are_accepted(string sql)
    {
        var result = await _query.RunAsync(sql, 10, CancellationToken.None);

        Assert.NotEmpty(result.Columns);
    }

    [Theory]
    [InlineData("INSERT INTO catalog_teams (name, declared) VALUES ('x', true)")]
    [InlineData("insert into catalog_teams (name, declared) values ('x', true)")]
    [InlineData("UPDATE catalog_teams SET title = 'x'")]
    [InlineData("DELETE FROM catalog_services")]
    [InlineData("DROP TABLE catalog_services")]
    [InlineData("CREATE TABLE evil (x INTEGER)")]
    [InlineData("ALTER TABLE catalog_teams ADD COLUMN evil INTEGER")]
    [InlineData("ATTACH '/tmp/evil.duckdb' AS evil")]
    [InlineData("COPY catalog_teams TO '/tmp/evil.csv'")]
    [InlineData("EXPORT DATABASE '/tmp/evil'")]
    [InlineData("PRAGMA enable_profiling")]
    [InlineData("SET threads = 1")]
    [InlineData("CHECKPOINT")]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT 1; DROP TABLE catalog_services")]
    [InlineData("SELECT ';'; DELETE FROM catalog_services")]
    [InlineData("SELECT 1 AS \"it's\"; DELETE FROM catalog_services")]
    [InlineData("SELECT 1 -- it's\n; DELETE FROM catalog_services")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM catalog_services")]
    [InlineData("EXPLAIN ANALYZE COPY catalog_teams TO '/tmp/evil.csv'")]
    [InlineData("EXPLAIN (ANALYZE) COPY catalog_teams TO '/tmp/evil.csv'")]
    [InlineData("EXPLAIN ANALYSE EXPLAIN ANALYZE COPY catalog_teams TO '/tmp/evil.csv'")]
    [InlineData("EXPLAIN")]
    [InlineData("")]
    [InlineData("  ;  ")]
    public async Task Statements_that_are_not_one_read_are_refused(string sql)
    {
        var before = Snapshot();

        await Assert.ThrowsAsync<QueryRejectedException>(() => _query.RunAsync(sql, 10, CancellationToken.None));

        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("EXPLAIN ANALYZE DELETE FROM catalog_services")]
    [InlineData("EXPLAIN ANALYZE UPDATE catalog_teams SET title = 'pwned'")]
    [InlineData("EXPLAIN ANALYZE CREATE TABLE evil AS SELECT 1 AS x")]
    [InlineData("EXPLAIN ANALYZE DROP TABLE catalog_services")]
    [InlineData("WITH gone AS (DELETE FROM catalog_services RETURNING *) SELECT * FROM gone")]
    [InlineData("SELECT 1 AS \"it's\"; DELETE FROM catalog_services")]
    [InlineData("SELECT 1 AS \"it's\"; DROP TABLE catalog_services; SELECT 1 AS \"it's\"")]
    [InlineData("SELECT * FROM query('DELETE FROM catalog_services RETURNING *')")]
    [InlineData("FROM catalog_teams -- ;\n; DELETE FROM catalog_teams")]
    public async Task A_write_hidden_in_a_reading_statement_changes_nothing(string sql)
    {
        var before = Snapshot();

        try
        {
            await _query.RunAsync(sql, 10, CancellationToken.None);
        }
        catch (Exception refused) when (refused is QueryRejectedException or DuckDB.NET.Data.DuckDBException)
        {
            // Refused or failed: either is fine, as long as nothing changed.
        }

        Assert.Equal(before, Snapshot());
        Assert.Equal("Payments", Sql.Scalar(_database, "SELECT title FROM catalog_teams WHERE name = 'payments'"));
    }

    [Theory]
    [InlineData("EXPLAIN ANALYZE COPY catalog_teams TO '{0}/leak.csv'", "leak.csv")]
    [InlineData("EXPLAIN ANALYZE COPY (SELECT * FROM catalog_teams) TO '{0}/leak.parquet' (FORMAT PARQUET)", "leak.parquet")]
    [InlineData("EXPLAIN ANALYZE ATTACH '{0}/other.duckdb' AS other", "other.duckdb")]
    [InlineData("EXPLAIN ANALYZE EXPORT DATABASE '{0}/export'", "export")]
    [InlineData("SELECT 1 AS \"'\"; COPY catalog_teams TO '{0}/leak.csv'", "leak.csv")]
    public async Task A_reading_statement_cannot_write_files_outside_the_store(string template, string written)
    {
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _outside.Path);

        try
        {
            await _query.RunAsync(sql, 10, CancellationToken.None);
        }
        catch (Exception refused) when (refused is QueryRejectedException or DuckDB.NET.Data.DuckDBException)
        {
        }

        var target = Path.Combine(_outside.Path, written);
        Assert.False(File.Exists(target) || Directory.Exists(target), $"{sql} wrote {target}");
    }
}
