using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// The store writer's own statement loop (<see cref="WriterStatement"/>: DuckDB's pending-query API, waiting rather than
/// spinning while a DuckDB worker holds a task): what it runs is committed as DuckDB.NET would commit it, tasks that
/// DuckDB's workers take are waited for, and a failure is DuckDB's own message with the connection still usable.
/// </summary>
public sealed class WriterStatementTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InsightsDatabase _database;

    public WriterStatementTests() => _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), new FakeTimeProvider(Epoch));

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_transaction_begun_and_committed_by_the_writer_holds_a_parallel_statements_rows_which_readers_see_after_the_commit()
    {
        await _database.WriteAsync(connection =>
        {
            WriterStatement.Execute(connection, "BEGIN TRANSACTION");
            // Large enough for DuckDB to split it into tasks its worker threads take (the path that waits).
            WriterStatement.Execute(connection, "CREATE TABLE writer_statement_rows AS SELECT range AS i FROM range(1000000)");
            Assert.Equal(0L, Sql.Count(_database, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'writer_statement_rows'"));
            WriterStatement.Execute(connection, "COMMIT");
        }, CancellationToken.None);

        Assert.Equal(1_000_000L, Sql.Count(_database, "SELECT count(*) FROM writer_statement_rows"));
        Assert.Equal(499_999_500_000L, Sql.Count(_database, "SELECT sum(i)::BIGINT FROM writer_statement_rows"));
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_nothing_and_a_failed_statement_throws_DuckDBs_message_leaving_the_connection_usable()
    {
        await _database.WriteAsync(connection =>
        {
            WriterStatement.Execute(connection, "BEGIN TRANSACTION");
            WriterStatement.Execute(connection, "CREATE TABLE writer_statement_gone AS SELECT 1 AS i");
            WriterStatement.Execute(connection, "ROLLBACK");

            var commit = Assert.Throws<StoreStatementException>(() => WriterStatement.Execute(connection, "COMMIT"));
            Assert.Contains("no transaction is active", commit.Message, StringComparison.OrdinalIgnoreCase);
            var bind = Assert.Throws<StoreStatementException>(() => WriterStatement.Execute(connection, "INSERT INTO no_such_table VALUES (1)"));
            Assert.Contains("no_such_table", bind.Message, StringComparison.Ordinal);

            WriterStatement.Execute(connection, "CREATE TABLE writer_statement_after AS SELECT 7 AS i");
        }, CancellationToken.None);

        Assert.Equal(0L, Sql.Count(_database, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'writer_statement_gone'"));
        Assert.Equal(7L, Sql.Count(_database, "SELECT i FROM writer_statement_after"));
    }
}
