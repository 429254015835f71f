using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Analytics.Tests.Catalog;

public sealed class CatalogStoreFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CatalogStoreFixture() => Database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), new FakeTimeProvider());

    public InsightsDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Each test uses its own file and entity names, so they share one store.</summary>
public sealed class CatalogStoreTests(CatalogStoreFixture fixture) : IClassFixture<CatalogStoreFixture>
{
    private readonly CatalogStore _catalog = new(fixture.Database);
    private readonly string _id = Names.Unique("c");

    private string File(string name) => $"/repo/{_id}/{name}/catalog-info.yaml";

    private string N(string name) => $"{_id}-{name}";

    private CatalogComponent Service(string name, string team, string file, long line = 1, string? system = null) => new()
    {
        Name = N(name),
        OwnerRef = $"group:default/{N(team)}",
        Team = N(team),
        Type = "service",
        Lifecycle = "production",
        System = system,
        Tags = ["java", "tier-1"],
        Annotations = new Dictionary<string, string> { ["insights.platform/slo"] = "99.9" },
        Settings = new ServiceSettings { SloTarget = 99.9m, CostTags = [new("service", N(name))] },
        SourceFile = file,
        Line = line,
    };

    private CatalogGroup Team(string name, string file, long line = 1) =>
        new() { Name = N(name), Title = $"Team {name}", Type = "team", SourceFile = file, Line = line };

    private CatalogSystem System(string name, string owner, string file, long line = 1) =>
        new() { Name = N(name), OwnerRef = $"group:{N(owner)}", Owner = N(owner), SourceFile = file, Line = line };

    private Task<CatalogSaveResult> Save(string[] files, CatalogGroup[] groups, CatalogSystem[] systems, CatalogComponent[] components) =>
        _catalog.SaveAsync(files, groups, systems, components, CancellationToken.None);

    private long Count(string table) =>
        Sql.Count(fixture.Database, $"SELECT count(*) FROM {table} WHERE name LIKE $p", ("p", _id + "-%"));

    [Fact]
    public async Task Saved_services_are_found_by_team_and_teams_by_service()
    {
        var a = File("a");
        var saved = await Save([a], [Team("payments", a)], [System("billing", "payments", a, 20)],
            [Service("ledger", "payments", a, 30, N("billing")), Service("checkout", "payments", a, 40), Service("search", "discovery", a, 50)]);

        Assert.True(saved.Saved);
        Assert.Equal((1, 1, 3), (saved.Teams, saved.Systems, saved.Services));
        Assert.Equal([N("checkout"), N("ledger")], await _catalog.ServicesOfTeamAsync(N("payments"), CancellationToken.None));
        Assert.Equal(N("payments"), await _catalog.TeamOfAsync(N("ledger"), CancellationToken.None));
        Assert.Null(await _catalog.TeamOfAsync(N("unknown"), CancellationToken.None));
        Assert.Empty(await _catalog.ServicesOfTeamAsync(N("unknown"), CancellationToken.None));
        var row = Assert.Single(Sql.Rows(fixture.Database,
            "SELECT system, slo_target, tags->>'$[1]', annotations->>'$.\"insights.platform/slo\"', cost_tags->>'service', source_file, source_line FROM catalog_services WHERE name = $n", ("n", N("ledger"))));
        Assert.Equal([N("billing"), 99.9m, "tier-1", "99.9", N("ledger"), a, 30], row);
    }

    [Fact]
    public async Task A_team_named_only_as_an_owner_exists_until_nothing_references_it()
    {
        var a = File("a");
        await Save([a], [], [], [Service("search", "discovery", a)]);
        Assert.Equal(false, Sql.Scalar(fixture.Database, "SELECT declared FROM catalog_teams WHERE name = $n", ("n", N("discovery"))));

        await Save([a], [Team("discovery", a)], [], [Service("search", "discovery", a)]);
        Assert.Equal(true, Sql.Scalar(fixture.Database, "SELECT declared FROM catalog_teams WHERE name = $n", ("n", N("discovery"))));

        await Save([a], [], [], []);
        Assert.Equal(0L, Count("catalog_teams"));
    }

    [Fact]
    public async Task Reloading_a_file_replaces_what_came_from_it()
    {
        var a = File("a");
        var b = File("b");
        await Save([a], [Team("payments", a)], [System("billing", "payments", a)], [Service("ledger", "payments", a), Service("checkout", "payments", a)]);
        await Save([b], [Team("search", b)], [], [Service("finder", "search", b)]);

        var reloaded = await Save([a], [Team("payments", a)], [], [Service("checkout", "payments", a, line: 12)]);

        Assert.True(reloaded.Saved);
        Assert.Equal([N("checkout")], await _catalog.ServicesOfTeamAsync(N("payments"), CancellationToken.None));
        Assert.Null(await _catalog.TeamOfAsync(N("ledger"), CancellationToken.None));
        Assert.Equal(0L, Count("catalog_systems"));
        Assert.Equal(12, Sql.Scalar(fixture.Database, "SELECT source_line FROM catalog_services WHERE name = $n", ("n", N("checkout"))));
        // Another file's entities are untouched.
        Assert.Equal([N("finder")], await _catalog.ServicesOfTeamAsync(N("search"), CancellationToken.None));
    }

    [Fact]
    public async Task A_name_already_loaded_from_another_file_is_a_conflict_naming_both_and_nothing_is_saved()
    {
        var a = File("a");
        var b = File("b");
        await Save([a], [Team("payments", a, 1)], [], [Service("ledger", "payments", a, 7)]);

        var conflict = await Save([b], [Team("payments", b, 3)], [], [Service("ledger", "finance", b, 9), Service("newcomer", "finance", b, 20)]);

        Assert.False(conflict.Saved);
        Assert.Equal((0, 0, 0), (conflict.Teams, conflict.Systems, conflict.Services));
        Assert.Contains(conflict.Conflicts, c => c.Contains($"service '{N("ledger")}'", StringComparison.Ordinal) && c.Contains($"{a}:7", StringComparison.Ordinal) && c.Contains($"{b}:9", StringComparison.Ordinal));
        Assert.Contains(conflict.Conflicts, c => c.Contains($"team '{N("payments")}'", StringComparison.Ordinal) && c.Contains($"{a}:1", StringComparison.Ordinal) && c.Contains($"{b}:3", StringComparison.Ordinal));
        Assert.Equal(N("payments"), await _catalog.TeamOfAsync(N("ledger"), CancellationToken.None));
        Assert.Null(await _catalog.TeamOfAsync(N("newcomer"), CancellationToken.None));
        Assert.Equal(0L, Sql.Count(fixture.Database, "SELECT count(*) FROM catalog_teams WHERE name = $n", ("n", N("finance"))));
    }

    [Fact]
    public async Task Moving_an_entity_between_files_saved_together_is_not_a_conflict()
    {
        var a = File("a");
        var b = File("b");
        await Save([a], [], [], [Service("ledger", "payments", a)]);

        var moved = await Save([a, b], [], [], [Service("ledger", "payments", b)]);

        Assert.True(moved.Saved);
        Assert.Equal(b, Sql.Scalar(fixture.Database, "SELECT source_file FROM catalog_services WHERE name = $n", ("n", N("ledger"))));
    }
}
