using Npgsql;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights import billing</c> run by two processes configured for the same cluster (<c>Insights:Mode = Cluster</c>)
/// at the same moment, each over its own data directory as two silos' hosts would be: the shared import ledger in the
/// machine's real PostgreSQL 15 lets one of them import the file, and a later attempt anywhere finds it imported.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterImportTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_billing_file_imported_by_two_cluster_processes_at_once_is_stored_by_one_and_reported_imported_after()
    {
        var connection = await postgres.NewDatabaseAsync("imports");
        using var work = new TempDir("cluster-import");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var environment = new Dictionary<string, string>
        {
            ["Insights__Mode"] = "Cluster",
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Lake__Root"] = work.Sub("lake"),
        };
        var dataA = work.Sub("data-a");
        var dataB = work.Sub("data-b");

        var runs = await Task.WhenAll(
            InsightsExe.RunAsync(work.Path, ["import", "billing", "--data", dataA, InsightsExe.FocusSample], environment),
            InsightsExe.RunAsync(work.Path, ["import", "billing", "--data", dataB, InsightsExe.FocusSample], environment));
        var again = await InsightsExe.RunAsync(work.Path, ["import", "billing", "--data", dataB, InsightsExe.FocusSample], environment);

        var rows = new[] { StoreFile.Count(dataA, "SELECT count(*) FROM focus_line_items"), StoreFile.Count(dataB, "SELECT count(*) FROM focus_line_items") };
        Assert.True(rows.Order().SequenceEqual([0L, 1000L]), $"rows per silo {rows[0]} / {rows[1]}\n{runs[0]}\n{runs[1]}");
        var loser = runs[rows[0] == 1000 ? 1 : 0];
        // The other process was either still racing (busy, exit 1: try again) or came after the commit (already imported).
        Assert.True(loser.Stdout.Contains("busy", StringComparison.Ordinal) || loser.Stdout.Contains("already imported", StringComparison.Ordinal), loser.ToString());
        Assert.True(again.ExitCode == 0 && again.Stdout.Contains("already imported", StringComparison.Ordinal), again.ToString());
        Assert.Equal(rows[1], StoreFile.Count(dataB, "SELECT count(*) FROM focus_line_items"));
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var ledger = new NpgsqlCommand("SELECT status, stored, attempts FROM insights_imports", db);
        await using var reader = await ledger.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("done", 1000L, 1), (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2)));
        Assert.False(await reader.ReadAsync());
    }
}
