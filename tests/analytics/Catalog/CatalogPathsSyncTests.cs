using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Catalog;
using Prometheus;

namespace Platform.Insights.Analytics.Tests.Catalog;

/// <summary>
/// The server's configured catalog (<c>Insights:Catalog:Paths</c>) on a real store: it follows edits, additions and
/// removals of files, keeps a broken file's last good entities, and changes nothing while names conflict.
/// </summary>
public sealed class CatalogPathsSyncTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _files = new();
    private readonly InsightsDatabase _database;
    private readonly CatalogStore _store;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly CatalogPathsSync _sync;

    public CatalogPathsSyncTests()
    {
        _database = InsightsDatabase.Open(_data.Path, new StoreRole("test"), new FakeTimeProvider());
        _store = new CatalogStore(_database);
        var options = Options.Create(new CatalogOptions { Paths = [_files.Path] });
        _sync = new CatalogPathsSync(_store, options, new CatalogMeters(_registry), NullLogger<CatalogPathsSync>.Instance);
    }

    private static string Team(string name) => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: {name}
        spec:
          type: team
          children: []
        ---

        """;

    private static string Service(string name, string owner, string slo = "99.9") => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
          annotations:
            insights.platform/slo: "{slo}"
        spec:
          type: service
          lifecycle: production
          owner: group:default/{owner}
        ---

        """;

    private void Write(string relative, string yaml)
    {
        var path = Path.Combine(_files.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
    }

    private List<string> Strings(string sql) => Sql.Rows(_database, sql).Select(r => (string)r[0]!).ToList();

    private Task<CatalogSyncOutcome> Sync() => _sync.SyncAsync(CancellationToken.None);

    private List<string> Services() =>
        Strings("SELECT name || ':' || team || ':' || CAST(CAST(slo_target AS DOUBLE) AS VARCHAR) FROM catalog_services ORDER BY name");

    private async Task<double> Metric(string series)
    {
        using var text = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(text);
        var line = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<double> Reloads(string outcome) => Metric($"insights_catalog_reloads_total{{outcome=\"{outcome}\"}}");

    [Fact]
    public async Task Files_under_the_configured_directory_are_loaded_and_an_unchanged_read_writes_nothing()
    {
        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web"));
        Write("data/catalog-info.yaml", Service("etl", "data", "99.5"));
        Write("notes/readme.yaml", "title: not a catalog file\n");

        Assert.Equal(CatalogSyncOutcome.Loaded, await Sync());
        Assert.Equal(["etl:data:99.5", "shop:web:99.9"], Services());
        Assert.Equal(["data", "web"], Strings("SELECT name FROM catalog_teams ORDER BY name"));

        File.SetLastWriteTimeUtc(Path.Combine(_files.Path, "web/catalog-info.yaml"), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(CatalogSyncOutcome.Unchanged, await Sync());
        Assert.Equal(1, await Reloads("loaded"));
        Assert.Equal(1, await Reloads("unchanged"));
    }

    [Fact]
    public async Task An_edited_file_replaces_its_entities_and_a_deleted_file_takes_its_entities_away()
    {
        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web") + Service("search", "web"));
        Write("data/catalog-info.yaml", Service("etl", "data"));
        await Sync();

        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web", "99.95"));
        File.Delete(Path.Combine(_files.Path, "data/catalog-info.yaml"));
        Assert.Equal(CatalogSyncOutcome.Loaded, await Sync());

        Assert.Equal(["shop:web:99.95"], Services());
        // The implied team "data" owned nothing any more, so it went with its service.
        Assert.Equal(["web"], Strings("SELECT name FROM catalog_teams ORDER BY name"));
    }

    [Fact]
    public async Task A_file_that_stops_parsing_keeps_its_last_loaded_entities_while_the_other_files_follow_their_edits()
    {
        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web"));
        Write("data/catalog-info.yaml", Service("etl", "data"));
        await Sync();

        Write("web/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: shop\n  tags: [one, two\n");
        Write("data/catalog-info.yaml", Service("etl", "data", "99.0"));
        Assert.Equal(CatalogSyncOutcome.Loaded, await Sync());

        Assert.Equal(["etl:data:99.0", "shop:web:99.9"], Services());
        Assert.Equal(1, await Metric("insights_catalog_file_errors"));
    }

    [Fact]
    public async Task A_name_defined_in_two_files_changes_nothing_until_it_is_fixed()
    {
        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web"));
        await Sync();

        Write("web/catalog-info.yaml", Team("web") + Service("shop", "web", "99.0"));
        Write("data/catalog-info.yaml", Service("shop", "data"));
        Assert.Equal(CatalogSyncOutcome.Failed, await Sync());
        Assert.Equal(["shop:web:99.9"], Services());

        File.Delete(Path.Combine(_files.Path, "data/catalog-info.yaml"));
        Assert.Equal(CatalogSyncOutcome.Loaded, await Sync());
        Assert.Equal(["shop:web:99.0"], Services());
    }

    [Fact]
    public async Task Entities_loaded_from_elsewhere_stay_and_a_configured_file_that_redefines_one_is_refused()
    {
        var elsewhere = Path.Combine(_data.Path, "manual", "catalog-info.yaml");
        var saved = await _store.SaveAsync([elsewhere], [], [],
            [new CatalogComponent { Name = "billing", OwnerRef = "group:default/finance", Team = "finance", SourceFile = elsewhere, Line = 1 }],
            CancellationToken.None);
        Assert.True(saved.Saved);

        Write("web/catalog-info.yaml", Service("shop", "web"));
        Assert.Equal(CatalogSyncOutcome.Loaded, await Sync());
        Assert.Contains("billing:finance:", Strings("SELECT name || ':' || team || ':' FROM catalog_services"));

        Write("web/catalog-info.yaml", Service("shop", "web") + Service("billing", "web"));
        Assert.Equal(CatalogSyncOutcome.Failed, await Sync());
        Assert.Equal(["billing:finance:", "shop:web:"], Strings("SELECT name || ':' || team || ':' FROM catalog_services ORDER BY name"));
    }

    [Fact]
    public async Task Without_configured_paths_nothing_is_read_or_written()
    {
        var idle = new CatalogPathsSync(_store, Options.Create(new CatalogOptions()), new CatalogMeters(Metrics.NewCustomRegistry()),
            NullLogger<CatalogPathsSync>.Instance);
        Write("web/catalog-info.yaml", Service("shop", "web"));
        Assert.False(idle.Enabled);
        Assert.Equal(CatalogSyncOutcome.Unchanged, await idle.SyncAsync(CancellationToken.None));
        Assert.Empty(Services());
    }

    [Fact]
    public void A_missing_path_or_an_interval_out_of_range_fails_validation_naming_the_key()
    {
        var options = new CatalogOptions { Paths = [_files.Path, Path.Combine(_files.Path, "nope")], ReloadInterval = TimeSpan.Zero };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        var messages = string.Join(" | ", results.Select(r => r.ErrorMessage));
        Assert.Contains("Insights:Catalog:ReloadInterval", messages);
        options.ReloadInterval = TimeSpan.FromMinutes(1);
        results.Clear();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        Assert.Equal(["Insights:Catalog:Paths:1"], results.SelectMany(r => r.MemberNames));
    }

    public void Dispose()
    {
        _database.Dispose();
        _data.Dispose();
        _files.Dispose();
    }
}
