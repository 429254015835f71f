using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

public sealed class InsightsDatabaseTests : IDisposable
{
    private static readonly SchemaMigration TestOnlyMigration2 =
        new(2, "test only table", "CREATE TABLE test_only_v2 (id INTEGER PRIMARY KEY, note VARCHAR);");

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The newest embedded migration: what a new or reopened file is at.</summary>
    private static int Current => SchemaMigration.Embedded.Max(m => m.Version);

    private static IReadOnlyList<SchemaMigration> OnlyMigration1 => [SchemaMigration.Embedded.Single(m => m.Version == 1)];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_new_directory_gets_the_current_schema()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);

        Assert.Equal(Current, database.SchemaVersion);
        Assert.Equal((long)Current, Sql.Count(database, "SELECT max(version) FROM schema_version"));
        Assert.Equal(Path.Combine(_dir.Path, InsightsDatabase.FileName), database.FilePath);
        Assert.True(File.Exists(database.FilePath));
        foreach (var table in new[] { "metric_series", "metric_samples", "log_events", "focus_line_items", "focus_staging", "imports", "catalog_services", "grain_state" })
        {
            Assert.Equal(1L, Sql.Count(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = $t", ("t", table)));
        }
        var applied = Sql.Scalar(database, "SELECT applied_at FROM schema_version WHERE version = 1");
        Assert.Equal(_time.GetUtcNow().UtcDateTime, Assert.IsType<DateTime>(applied));
    }

    [Fact]
    public void An_older_file_is_migrated_to_the_newer_schema()
    {
        using (var v1 = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, OnlyMigration1))
        {
            Assert.Equal(1, v1.SchemaVersion);
        }

        using var v2 = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, [.. OnlyMigration1, TestOnlyMigration2]);

        Assert.Equal(2, v2.SchemaVersion);
        Assert.Equal(2L, Sql.Count(v2, "SELECT max(version) FROM schema_version"));
        Assert.Equal("test only table", Sql.Scalar(v2, "SELECT description FROM schema_version WHERE version = 2"));
        Assert.Equal(0L, Sql.Count(v2, "SELECT count(*) FROM test_only_v2"));
    }

    [Fact]
    public void Reopening_an_up_to_date_file_applies_nothing()
    {
        using (InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time))
        {
        }
        using var again = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);

        Assert.Equal((long)SchemaMigration.Embedded.Count, Sql.Count(again, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void A_file_from_a_newer_build_is_refused_and_left_unchanged()
    {
        using (InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, [.. OnlyMigration1, TestOnlyMigration2]))
        {
        }
        var file = Path.Combine(_dir.Path, InsightsDatabase.FileName);
        var before = SHA256.HashData(File.ReadAllBytes(file));

        var refused = Assert.Throws<SchemaVersionException>(() => InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, OnlyMigration1));

        Assert.Contains(file, refused.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("up to version 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(file)));
        Assert.False(DataDirectoryLock.IsHeld(_dir.Path));

        // The refusal released everything: the newer build can still open it.
        using var newer = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, [.. OnlyMigration1, TestOnlyMigration2]);
        Assert.Equal(2, newer.SchemaVersion);
    }

    [Fact]
    public void A_second_open_of_a_held_directory_names_the_holder()
    {
        using var first = InsightsDatabase.Open(_dir.Path, new StoreRole("serve", "http://127.0.0.1:5080"), _time);

        var held = Assert.Throws<DataDirectoryHeldException>(() => InsightsDatabase.Open(_dir.Path, new StoreRole("import"), _time));

        Assert.Contains($"pid {Environment.ProcessId}", held.Message, StringComparison.Ordinal);
        Assert.Contains("insights serve", held.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5080", held.Message, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, held.Owner?.ProcessId);
        Assert.Equal(Path.GetFullPath(_dir.Path), held.Directory);
        Assert.True(DataDirectoryLock.IsHeld(_dir.Path));
        // The refused open did not disturb the holder.
        Assert.Equal((long)Current, Sql.Count(first, "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public void After_dispose_the_directory_can_be_opened_again()
    {
        var first = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        first.Dispose();

        Assert.False(DataDirectoryLock.IsHeld(_dir.Path));
        Assert.Null(DataDirectoryLock.ReadOwner(_dir.Path));
        using var second = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        Assert.Equal(Current, second.SchemaVersion);
    }

    [Fact]
    public async Task Data_written_before_dispose_is_there_after_reopen()
    {
        using (var first = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time))
        {
            await first.WriteAsync(c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "INSERT INTO catalog_teams (name, declared) VALUES ('payments', true)";
                command.ExecuteNonQuery();
            }, CancellationToken.None);
        }

        using var second = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        Assert.Equal(1L, Sql.Count(second, "SELECT count(*) FROM catalog_teams WHERE name = 'payments'"));
    }
}
