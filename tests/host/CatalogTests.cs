using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights catalog load|list</c> on Backstage catalog files.</summary>
public sealed class CatalogTests : IDisposable
{
    private const string Web = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: web
        spec:
          type: team
          profile:
            displayName: Web Team
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata:
          name: storefront
        spec:
          owner: group:default/web
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: shop-frontend
          annotations:
            insights.platform/slo: "99.9"
        spec:
          type: service
          lifecycle: production
          owner: group:default/web
          system: storefront
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: search-api
        spec:
          type: service
          lifecycle: experimental
          owner: web
          system: storefront

        """;

    private const string Data = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: data
        spec:
          type: team
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: etl-runner
        spec:
          type: service
          lifecycle: production
          owner: group:data

        """;

    /// <summary>Line 6 breaks the YAML: a flow sequence that never closes.</summary>
    private const string Broken = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: broken-service
        spec:
          tags: [one, two
          type: service
          owner: group:data

        """;

    private const string SharedServiceA = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ledger
        spec:
          type: service
          lifecycle: production
          owner: group:web

        """;

    private readonly TempDir _work = new("catalog");

    public void Dispose() => _work.Dispose();

    private string DataDir => _work.Sub("data");

    [Fact]
    public async Task Loaded_services_are_listed_with_their_teams()
    {
        var web = _work.Write("catalog/web/catalog-info.yaml", Web);
        _work.Write("catalog/data/catalog-info.yaml", Data);

        var load = await InsightsExe.RunAsync(_work.Path, ["catalog", "load", "--data", DataDir, _work.Sub("catalog")]);
        var list = await InsightsExe.RunAsync(_work.Path, ["catalog", "list", "--data", DataDir, "--format", "csv"]);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("catalog: 2 files, 2 teams", load.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 services loaded", load.Stdout, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
        var rows = CsvRows(list.Stdout);
        Assert.Equal(["team", "team_title", "service", "system", "lifecycle", "slo_percent", "source_file"], rows[0]);
        var services = rows.Skip(1).Select(r => (Team: r[0], Service: r[2])).OrderBy(r => r.Service, StringComparer.Ordinal).ToList();
        Assert.Equal([("data", "etl-runner"), ("web", "search-api"), ("web", "shop-frontend")], services);
        var frontend = rows.Single(r => r[2] == "shop-frontend");
        Assert.Equal("Web Team", frontend[1]);
        Assert.Equal("storefront", frontend[3]);
        Assert.Equal("production", frontend[4]);
        Assert.Equal(web, frontend[6]);
    }

    [Fact]
    public async Task Malformed_yaml_exits_2_naming_file_and_line_and_loads_nothing_from_it()
    {
        _work.Write("catalog/data/catalog-info.yaml", Data);
        var broken = _work.Write("catalog/broken/catalog-info.yaml", Broken);

        var load = await InsightsExe.RunAsync(_work.Path, ["catalog", "load", "--data", DataDir, _work.Sub("catalog")]);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(broken)}:[67]: ", load.Stderr);
        Assert.Contains("malformed YAML", load.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing loaded from this file", load.Stderr, StringComparison.Ordinal);
        Assert.Equal(["etl-runner"], StoreFile.Strings(DataDir, "SELECT name FROM catalog_services ORDER BY name"));
    }

    [Fact]
    public async Task The_same_service_in_two_files_exits_2_naming_both()
    {
        var first = _work.Write("catalog/a/catalog-info.yaml", SharedServiceA);
        var second = _work.Write("catalog/b/catalog-info.yaml", SharedServiceA.Replace("group:web", "group:data", StringComparison.Ordinal));

        var load = await InsightsExe.RunAsync(_work.Path, ["catalog", "load", "--data", DataDir, first, second]);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("'ledger'", load.Stderr, StringComparison.Ordinal);
        Assert.Contains(first, load.Stderr, StringComparison.Ordinal);
        Assert.Contains(second, load.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was loaded", load.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("services loaded", load.Stdout, StringComparison.Ordinal);
        if (File.Exists(StoreFile.PathIn(DataDir)))
        {
            Assert.Equal(0, StoreFile.Count(DataDir, "SELECT count(*) FROM catalog_services"));
        }
    }

    /// <summary>Splits simple CSV output (quoted fields without embedded newlines).</summary>
    private static List<string[]> CsvRows(string csv) =>
        csv.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SplitCsvLine).ToList();

    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
