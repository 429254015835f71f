using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Tests.Catalog.Fixtures;

namespace Platform.Insights.Ingest.Tests.Catalog;

public sealed class CatalogSetTests : IDisposable
{
    private readonly TempCatalogDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_service_defined_in_two_files_fails_the_load_naming_both_files()
    {
        var first = _dir.Write("payments/catalog-info.yaml", CatalogFixtures.PaymentsTeam);
        var second = _dir.Write("legacy/catalog-info.yaml", CatalogFixtures.ComponentOwnedBy("search", "Checkout"));

        var catalog = CatalogSet.Load([first, second]);

        var conflict = Assert.Single(catalog.Conflicts);
        Assert.Equal(("Component", first, second), (conflict.Kind, conflict.FirstFile, conflict.SecondFile));
        Assert.Equal(CatalogFixtures.LineOf(CatalogFixtures.PaymentsTeam, "kind: Component") - 1, conflict.FirstLine);
        Assert.Equal(1, conflict.SecondLine);
        Assert.Contains(first, conflict.Message, StringComparison.Ordinal);
        Assert.Contains(second, conflict.Message, StringComparison.Ordinal);
        Assert.True(catalog.HasErrors);
        Assert.Empty(catalog.Services);
        Assert.Empty(catalog.Teams);
    }

    [Fact]
    public void A_group_defined_in_two_files_is_a_conflict_too()
    {
        var first = _dir.Write("a.yaml", CatalogFixtures.SearchTeam);
        var second = _dir.Write("b.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: search\nspec:\n  type: team\n");

        var conflict = Assert.Single(CatalogSet.Load([first, second]).Conflicts);

        Assert.Equal(("Group", "search"), (conflict.Kind, conflict.Name));
    }

    [Fact]
    public void Directories_are_searched_recursively_for_catalog_files_only()
    {
        _dir.Write("payments/catalog-info.yaml", CatalogFixtures.PaymentsTeam);
        _dir.Write("search/api/deep/catalog-info.yml", CatalogFixtures.SearchTeam);
        var workflow = _dir.Write(".github/workflows/ci.yaml", CatalogFixtures.GitHubWorkflow);
        var helm = _dir.Write("search/chart/templates/deployment.yaml", CatalogFixtures.HelmTemplate);
        var values = _dir.Write("search/chart/values.YAML", "replicas: 2\n");
        _dir.Write("search/README.md", "apiVersion: backstage.io/v1alpha1\n");

        var catalog = CatalogSet.Load([_dir.Root]);

        Assert.False(catalog.HasErrors, string.Join("\n", catalog.FileErrors));
        Assert.Equal(["checkout", "search-api", "search-indexer"], catalog.Services.Select(s => s.Name).Order());
        Assert.Equal(2, catalog.LoadedFiles.Count);
        Assert.Equal([helm, values], catalog.SkippedFiles.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(workflow, catalog.SkippedFiles); // hidden directories are not searched
    }

    [Fact]
    public void An_explicit_file_that_is_not_a_catalog_file_is_an_error_but_others_still_load()
    {
        var workflow = _dir.Write("ci.yaml", CatalogFixtures.GitHubWorkflow);
        var search = _dir.Write("search.yaml", CatalogFixtures.SearchTeam);

        var catalog = CatalogSet.Load([workflow, search]);

        var error = Assert.Single(catalog.FileErrors);
        Assert.Equal(workflow, error.File);
        Assert.Contains("not a Backstage catalog file", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, catalog.Services.Count);
    }

    [Fact]
    public void A_malformed_file_loads_nothing_while_the_other_files_load()
    {
        var broken = _dir.Write("teams/broken.yaml", CatalogFixtures.SearchTeam.Replace("  lifecycle: experimental", " lifecycle: experimental", StringComparison.Ordinal));
        _dir.Write("teams/payments.yaml", CatalogFixtures.PaymentsTeam);

        var catalog = CatalogSet.Load([_dir.Root]);

        var error = Assert.Single(catalog.FileErrors);
        Assert.Equal(broken, error.File);
        Assert.Equal(CatalogFixtures.LineOf(CatalogFixtures.SearchTeam, "lifecycle: experimental"), error.Line);
        Assert.EndsWith("nothing loaded from this file", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["checkout"], catalog.Services.Select(s => s.Name));
        Assert.Null(catalog.FindService("search-api"));
        Assert.DoesNotContain("search", catalog.Teams);
    }

    [Fact]
    public void A_missing_path_is_an_error()
    {
        var missing = Path.Combine(_dir.Root, "nope");

        var error = Assert.Single(CatalogSet.Load([missing]).FileErrors);

        Assert.Equal((missing, "no such file or directory"), (error.File, error.Message));
    }

    [Fact]
    public void A_file_reached_twice_is_loaded_once()
    {
        var file = _dir.Write("catalog-info.yaml", CatalogFixtures.SearchTeam);

        var catalog = CatalogSet.Load([file, _dir.Root, file]);

        Assert.False(catalog.HasErrors);
        Assert.Equal(2, catalog.Services.Count);
    }

    [Fact]
    public void Services_belong_to_teams_through_their_owner()
    {
        var catalog = Load(CatalogFixtures.PaymentsTeam, CatalogFixtures.SearchTeam,
            CatalogFixtures.ComponentOwnedBy("group:default/Platform", "deployer"),
            CatalogFixtures.ComponentOwnedBy("user:jane", "jane-experiment"));

        Assert.Equal(["payments", "Platform", "search"], catalog.Teams);
        Assert.Equal("payments", catalog.TeamOf("checkout"));
        Assert.Equal("search", catalog.TeamOf("SEARCH-API"));
        Assert.Null(catalog.TeamOf("jane-experiment"));
        Assert.Null(catalog.TeamOf("unknown"));
        Assert.Equal(["search-api", "search-indexer"], catalog.ServicesOfTeam("Search").Select(s => s.Name));
        Assert.Equal(["deployer"], catalog.ServicesOfTeam("platform").Select(s => s.Name));
        Assert.Empty(catalog.ServicesOfTeam("nobody"));
        Assert.Equal("Payments Team", catalog.FindGroup("payments")?.Title);
    }

    [Fact]
    public void A_team_is_spelled_as_its_group_entity_spells_it()
    {
        var catalog = Load(
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: Payments\nspec:\n  type: team\n",
            CatalogFixtures.ComponentOwnedBy("group:payments"));

        Assert.Equal("Payments", catalog.TeamOf("checkout"));
        Assert.Equal(["Payments"], catalog.Teams);
    }

    [Fact]
    public void Dangling_references_and_unknown_annotations_are_warnings()
    {
        var catalog = Load(
            CatalogFixtures.ComponentOwnedBy("group:default/ghosts", "haunted"),
            CatalogFixtures.ComponentOwnedBy("user:jane", "jane-experiment"),
            CatalogFixtures.ComponentWithAnnotation("insights.platform/sol", "\"99.9\""));

        Assert.False(catalog.HasErrors);
        var messages = catalog.Warnings.Select(w => w.Message).ToArray();
        Assert.Contains(messages, m => m.Contains("'haunted'", StringComparison.Ordinal) && m.Contains("no Group 'ghosts'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'jane-experiment'", StringComparison.Ordinal) && m.Contains("no team", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("insights.platform/sol", StringComparison.Ordinal));
        Assert.Contains("ghosts", catalog.Teams);
    }

    [Fact]
    public void Ignored_kinds_are_totalled_over_files()
    {
        var catalog = Load(CatalogFixtures.PaymentsTeam, CatalogFixtures.PaymentsTeam
            .Replace("name: payments\n", "name: payments2\n", StringComparison.Ordinal)
            .Replace("name: checkout\n", "name: checkout2\n", StringComparison.Ordinal)
            .Replace("name: checkout-system\n", "name: checkout-system2\n", StringComparison.Ordinal));

        Assert.False(catalog.HasErrors, string.Join("\n", catalog.Conflicts));
        Assert.Equal(2, catalog.Ignored["API"]);
    }

    private CatalogSet Load(params string[] files)
    {
        var paths = files.Select((text, i) => _dir.Write($"file{i}.yaml", text)).ToArray();
        return CatalogSet.Load(paths);
    }
}
