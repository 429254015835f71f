using System.Globalization;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Query;

/// <summary>
/// The <c>insights query</c> sandbox against DuckDB's own functions: nothing outside the store is read,
/// written, attached, installed, loaded or fetched — neither through the checked path (refused with a
/// message) nor, for the file and network functions, on a raw connection of the store's instance
/// (DuckDB itself refuses: external access is off and the configuration locked).
/// </summary>
public sealed class QuerySandboxTests(QueryStoreFixture fixture) : IClassFixture<QueryStoreFixture>, IDisposable
{
    private const string Passwd = "/etc/passwd";
    private readonly TempDirectory _outside = new();
    private readonly InsightsDatabase _database = fixture.Database;
    private readonly ReadOnlyQuery _query = new(fixture.Database);

    public void Dispose() => _outside.Dispose();

    public static TheoryData<string> FileAndNetworkReads() =>
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd', header = false)",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM read_parquet('/etc/passwd')",
        "SELECT * FROM parquet_metadata('/etc/passwd')",
        "FROM '/etc/passwd'",
        "SELECT * FROM '/etc/hostname.csv'",
        "DESCRIBE '/etc/passwd'",
        "SUMMARIZE SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('https://example.com/data.csv')",
        "SELECT * FROM read_text('http://169.254.169.254/latest/meta-data/')",
        // Tricks: the table function hidden in a CTE, a subquery, a scalar subquery, a lateral join, an IN list, a UNION.
        "WITH leak AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM leak",
        "WITH a AS (SELECT 1 AS x), b AS (FROM (SELECT * FROM read_text('/etc/passwd'))) SELECT * FROM b",
        "SELECT * FROM (SELECT content FROM read_text('/etc/passwd')) AS t",
        "SELECT (SELECT content FROM read_text('/etc/passwd')) AS leak",
        "SELECT * FROM catalog_teams, LATERAL (SELECT content FROM read_text('/etc/passwd')) AS l",
        "SELECT * FROM catalog_teams WHERE name IN (SELECT content FROM read_text('/etc/passwd'))",
        "SELECT name FROM catalog_teams UNION ALL SELECT content FROM read_text('/etc/passwd')",
        "EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')",
        // Table functions that run SQL given as a string run it unchecked: refused.
        "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
        "SELECT * FROM query_table('catalog_teams')",
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 42'))",
        "SELECT * FROM checkpoint()",
    ];

    public static TheoryData<string> StatementsThatAreNotReads() =>
    [
        "ATTACH '/tmp/other.duckdb' AS other",
        "ATTACH ':memory:' AS scratch",
        "DETACH insights",
        "COPY catalog_teams TO '/tmp/leak.csv'",
        "COPY (SELECT * FROM catalog_teams) TO '/tmp/leak.parquet' (FORMAT PARQUET)",
        "COPY catalog_teams FROM '/etc/passwd'",
        "EXPORT DATABASE '/tmp/export'",
        "IMPORT DATABASE '/tmp/export'",
        "INSTALL httpfs",
        "FORCE INSTALL httpfs FROM 'http://example.com'",
        "LOAD httpfs",
        "LOAD '/tmp/evil.duckdb_extension'",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET enable_external_access",
        "SET threads = 1",
        "PRAGMA enable_profiling",
        "PRAGMA database_list",
        "CALL checkpoint()",
        "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
        "CREATE MACRO evil() AS TABLE SELECT * FROM read_text('/etc/passwd')",
        "USE memory",
        "VACUUM",
    ];

    [Theory]
    [MemberData(nameof(FileAndNetworkReads))]
    public async Task A_query_cannot_read_a_file_or_url(string sql)
    {
        var refused = await Assert.ThrowsAsync<QueryRejectedException>(() => _query.RunAsync(sql, 10, CancellationToken.None));

        Assert.DoesNotContain("root:", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StatementsThatAreNotReads))]
    public async Task A_statement_that_is_not_a_select_is_refused_before_it_runs(string sql)
    {
        var tables = Sql.Count(_database, "SELECT count(*) FROM duckdb_tables()");

        await Assert.ThrowsAsync<QueryRejectedException>(() => _query.RunAsync(sql, 10, CancellationToken.None));

        Assert.Equal(tables, Sql.Count(_database, "SELECT count(*) FROM duckdb_tables()"));
        Assert.False(File.Exists("/tmp/leak.csv") || File.Exists("/tmp/leak.parquet") || Directory.Exists("/tmp/export"));
    }

    /// <summary>Even past both checks (a raw connection of the store's instance), DuckDB refuses every file, URL and extension.</summary>
    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_text('/etc/passwd')")]
    [InlineData("SELECT * FROM glob('/etc/*')")]
    [InlineData("FROM '/etc/passwd.csv'")]
    [InlineData("SELECT * FROM read_csv('https://example.com/data.csv')")]
    [InlineData("ATTACH '{0}/other.duckdb' AS other")]
    [InlineData("COPY catalog_teams TO '{0}/leak.csv'")]
    [InlineData("EXPORT DATABASE '{0}/export'")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SELECT * FROM read_text('{1}/local-token')")]
    public void The_store_instance_itself_refuses_files_urls_and_extensions(string template)
    {
        File.WriteAllText(Path.Combine(_database.Directory, "local-token"), "ins_secret");
        var sql = string.Format(CultureInfo.InvariantCulture, template, _outside.Path, _database.Directory);
        using var connection = _database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;

        var refused = Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());

        Assert.Matches("disabled (by|through) configuration", refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
    }

    [Theory]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET GLOBAL enable_external_access = true")]
    [InlineData("RESET enable_external_access")]
    [InlineData("SET lock_configuration = false")]
    public void The_lock_cannot_be_undone_from_a_connection(string sql)
    {
        using var connection = _database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;

        var refused = Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());

        Assert.Contains("locked", refused.Message, StringComparison.Ordinal);
        Assert.True(StoreSandbox.IsLocked(connection));
    }

    [Fact]
    public async Task A_file_in_the_data_directory_is_not_readable_either()
    {
        var secret = Path.Combine(_database.Directory, "local-token");
        File.WriteAllText(secret, "ins_secret_value");

        var refused = await Assert.ThrowsAsync<QueryRejectedException>(() =>
            _query.RunAsync($"SELECT * FROM read_text('{secret}')", 10, CancellationToken.None));

        Assert.DoesNotContain("ins_secret_value", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM range(3)", 3)]
    [InlineData("FROM generate_series(1, 4)", 4)]
    [InlineData("SELECT * FROM unnest([1, 2])", 2)]
    [InlineData("SELECT table_name FROM duckdb_tables() WHERE table_name = 'catalog_teams'", 1)]
    [InlineData("SELECT * FROM json_each('{\"a\": 1, \"b\": 2}')", 2)]
    [InlineData("WITH t AS (SELECT name FROM catalog_teams) SELECT * FROM t WHERE name IN (SELECT team FROM catalog_services)", 2)]
    [InlineData("SELECT current_setting('enable_external_access') AS external_access", 1)]
    [InlineData("FROM main.catalog_teams", 3)]
    public async Task Store_reads_and_pure_table_functions_are_answered(string sql, int rows)
    {
        var result = await _query.RunAsync(sql, 100, CancellationToken.None);

        Assert.Equal(rows, result.Rows.Count);
    }

    [Fact]
    public async Task Explain_runs_exactly_the_statement_that_was_checked()
    {
        var plain = await _query.RunAsync("EXPLAIN SELECT * FROM catalog_teams", 10, CancellationToken.None);
        var analyzed = await _query.RunAsync("explain analyse (SELECT 1)", 10, CancellationToken.None);

        Assert.NotEmpty(plain.Rows);
        Assert.NotEmpty(analyzed.Rows);
        await Assert.ThrowsAsync<QueryRejectedException>(() => _query.RunAsync("EXPLAIN (FORMAT json) SELECT * FROM read_text('/etc/passwd')", 10, CancellationToken.None));
    }

    [Fact]
    public void Reading_etc_passwd_is_possible_without_the_sandbox_so_the_tests_above_can_fail()
    {
        // The guard of the guard: a plain in-memory DuckDB does read the file the tests above refuse.
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT content FROM read_text('{Passwd}')";

        Assert.Contains("root:", (string)command.ExecuteScalar()!, StringComparison.Ordinal);
    }
}
