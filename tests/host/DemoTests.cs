using System.Security.Cryptography;
using System.Text.Json;
using Platform.Insights.Demo;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights demo</c> on a small organisation, checked against the exact counts of its own manifest, and
/// <c>insights query</c> over what it stored: output shapes, refusals, and a data file from a newer build.
/// </summary>
public sealed class DemoTests : IDisposable
{
    private readonly TempDir _work = new("demo-tests");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Demo_exits_0_and_summarises_what_it_stored()
    {
        var demo = await SharedDemo.GetAsync();

        Assert.True(demo.Run.ExitCode == 0, demo.Run.ToString());
        Assert.Contains("demo: 2 teams, 5 services, 2 days (2026-01-08 to 2026-01-09), seed 7", demo.Run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"metrics: {demo.Manifest.Files.Count(f => f.Kind == DemoFileKind.Metrics)} files, read {demo.Manifest.MetricSamples:N0}, stored {demo.Manifest.MetricSamples:N0}",
            demo.Run.Stdout, StringComparison.Ordinal);
        Assert.Contains("demo finished in", demo.Run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_counts_equal_the_manifest()
    {
        var demo = await SharedDemo.GetAsync();

        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", demo.Data, "--format", "json",
            "SELECT (SELECT count(*) FROM metric_samples) AS samples, (SELECT count(*) FROM log_events) AS events, " +
            "(SELECT count(*) FROM focus_line_items) AS billing_rows, (SELECT sum(BilledCost) FROM focus_line_items) AS billed_cost, " +
            "(SELECT count(*) FROM catalog_services) AS services"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var row = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.True(demo.Manifest.MetricSamples > 0 && demo.Manifest.LogEvents > 0 && demo.Manifest.Billing.Rows > 0);
        Assert.Equal(demo.Manifest.MetricSamples, row.GetProperty("samples").GetInt64());
        Assert.Equal(demo.Manifest.LogEvents, row.GetProperty("events").GetInt64());
        Assert.Equal(demo.Manifest.Billing.Rows, row.GetProperty("billing_rows").GetInt64());
        Assert.Equal(demo.Manifest.Billing.BilledCost, row.GetProperty("billed_cost").GetDecimal());
        Assert.Equal(demo.Manifest.Services.Count, row.GetProperty("services").GetInt64());
        Assert.Equal(5, demo.Manifest.Services.Count);
    }

    [Fact]
    public async Task Cost_by_team_adds_up_to_the_billed_total()
    {
        var demo = await SharedDemo.GetAsync();

        var result = await InsightsExe.RunAsync(_work.Path, ["cost", "--data", demo.Data, "--by", "team", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(demo.Manifest.Billing.Currency, r.GetProperty("currency").GetString()));
        Assert.Equal(demo.Manifest.Billing.BilledCost, rows.Sum(r => r.GetProperty("billedCost").GetDecimal()));
        Assert.Equal(demo.Manifest.Billing.EffectiveCost, rows.Sum(r => r.GetProperty("effectiveCost").GetDecimal()));
        Assert.Equal(demo.Manifest.Billing.Rows, rows.Sum(r => r.GetProperty("rows").GetInt64()));
        Assert.All(rows, r => Assert.True(r.GetProperty("share").GetDouble() >= 0, r.ToString()));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("group").GetString())));
    }

    [Fact]
    public async Task Same_seed_gives_identical_input_files()
    {
        var demo = await SharedDemo.GetAsync();
        var again = _work.Sub("again");

        // The second generation runs in-process (the ingest is what makes a CLI demo slow): the CLI must
        // write exactly what the generator writes for the same options, byte for byte.
        var manifest = await DemoGenerator.WriteAsync(SharedDemo.Options, again);

        var first = HashTree(demo.Input);
        var second = HashTree(again);
        Assert.Equal(demo.Manifest.Files.Count + 1, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(demo.Manifest.MetricSamples, manifest.MetricSamples);
    }

    [Fact]
    public async Task Query_refuses_writes_as_read_only()
    {
        var demo = await SharedDemo.GetAsync();

        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", demo.Data, "DELETE FROM imports"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("read-only", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Query_with_a_syntax_error_exits_2()
    {
        var demo = await SharedDemo.GetAsync();

        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", demo.Data, "SELECT count(* FROM metric_samples"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("syntax error", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Query_prints_csv_and_json()
    {
        var demo = await SharedDemo.GetAsync();
        const string sql = "SELECT name, team FROM catalog_services ORDER BY name";

        var csv = await InsightsExe.RunAsync(_work.Path, ["query", "--data", demo.Data, "--format", "csv", sql]);
        var json = await InsightsExe.RunAsync(_work.Path, ["query", "--data", demo.Data, "--format", "json", sql]);

        var expected = demo.Manifest.Services.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (s.Name, s.Team)).ToList();
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["name,team", .. expected.Select(e => $"{e.Name},{e.Team}")], lines);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        var rows = document.RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("team").GetString()!))
            .ToList();
        Assert.Equal(expected, rows);
        Assert.All(document.RootElement.EnumerateArray(), r => Assert.Equal(2, r.EnumerateObject().Count()));
    }

    [Fact]
    public async Task A_data_file_from_a_newer_schema_is_refused_untouched()
    {
        var demo = await SharedDemo.GetAsync();
        var data = _work.Sub("future-data");
        demo.CopyDataTo(data);
        StoreFile.Execute(data, "INSERT INTO schema_version VALUES (99, 'future', now())");

        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", data, "SELECT 1"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("schema version 99", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Equal(99, StoreFile.Count(data, "SELECT max(version) FROM schema_version"));
        Assert.Equal(demo.Manifest.MetricSamples, StoreFile.Count(data, "SELECT count(*) FROM metric_samples"));
    }

    private static Dictionary<string, string> HashTree(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
            StringComparer.Ordinal);
}
