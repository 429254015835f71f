using System.Text;
using Npgsql;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights db init</c> against the machine's real PostgreSQL 15: the schema Orleans' ADO.NET providers need, idempotently.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterDatabaseTests(PostgresServer postgres)
{
    private static readonly string[] OrleansQueryKeys =
    [
        // Clustering (Orleans.Clustering.AdoNet 10.4.2 refuses to start without every one of these).
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        // Grain state.
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
        // Reminders.
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Db_init_twice_leaves_the_same_schema_and_reapplying_every_file_changes_nothing()
    {
        var connection = await postgres.NewDatabaseAsync("dbinit");
        using var work = new TempDir("dbinit");

        var first = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection, "--format", "csv"]);
        var afterFirst = await SchemaAsync(connection);
        var second = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection, "--format", "csv"]);
        var afterSecond = await SchemaAsync(connection);
        // Forget what ran: every file is applied again over the existing schema, which must be a no-op too.
        await ExecuteAsync(connection, "DELETE FROM insights_schema_migrations");
        var third = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection, "--format", "csv"]);
        var afterThird = await SchemaAsync(connection);

        Assert.True(first.ExitCode == 0, first.ToString());
        // 001–009 (Orleans, Quartz's job store, the shared ledgers, cleanup's state, the report history, cleanup's undo claims) and Hangfire's own installer.
        Assert.Equal(10, first.Stdout.Split('\n').Count(l => l.EndsWith(",applied", StringComparison.Ordinal)));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(10, second.Stdout.Split('\n').Count(l => l.EndsWith(",already applied", StringComparison.Ordinal)));
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(afterFirst, afterThird);
        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), await QueryKeysAsync(connection));
    }

    [Fact]
    public async Task Db_init_without_a_connection_string_is_bad_usage_and_an_unreachable_server_a_failure()
    {
        using var work = new TempDir("dbinit-bad");

        var missing = await InsightsExe.RunAsync(work.Path, ["db", "init"]);
        var unreachable = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", $"Host=127.0.0.1;Port={PrometheusProcess.FreePort()};Username=postgres;Timeout=3"]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Insights:Cluster:ConnectionString", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("db init failed", unreachable.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<string>> QueryKeysAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", db);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    /// <summary>Tables and columns, constraints, indexes, function bodies and query rows of the public schema, as one text.</summary>
    private static async Task<string> SchemaAsync(string connection)
    {
        string[] queries =
        [
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT QueryKey || ' ' || md5(QueryText) FROM OrleansQuery ORDER BY 1",
            "SELECT name || ' ' || sha256 FROM insights_schema_migrations ORDER BY 1",
        ];
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var text = new StringBuilder();
        foreach (var sql in queries)
        {
            await using var command = new NpgsqlCommand(sql, db);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }
        return text.ToString();
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
