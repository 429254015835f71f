using System.Globalization;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights dora</c> and the DORA / platform fields of <c>insights kpi</c> over a copy of the shared demo's data,
/// checked against the deployment events the generator wrote (read here from its NDJSON, independently of the SQL).
/// </summary>
public sealed class DoraCliTests : IDisposable
{
    private readonly TempDir _work = new("dora-cli");

    public void Dispose() => _work.Dispose();

    private static string From => SharedDemo.Options.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string To => SharedDemo.Options.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> DataAsync()
    {
        var demo = await SharedDemo.GetAsync();
        var data = _work.Sub("data");
        demo.CopyDataTo(data);
        return data;
    }

    private async Task<List<JsonElement>> JsonAsync(string data, params string[] args)
    {
        var result = await InsightsExe.RunAsync(_work.Path, [.. args, "--data", data, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<List<(string Service, DateTime Finished)>> SuccessfulProductionDeploymentsAsync(string input)
    {
        var found = new List<(string, DateTime)>();
        foreach (var file in Directory.GetFiles(Path.Combine(input, "logs"), "*.ndjson"))
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                using var e = JsonDocument.Parse(line);
                var root = e.RootElement;
                var ev = root.GetProperty("event");
                if (ev.TryGetProperty("action", out var a) && a.GetString() == "deployment" && ev.GetProperty("outcome").GetString() == "success"
                    && root.GetProperty("service").GetProperty("environment").GetString() == "production")
                {
                    found.Add((root.GetProperty("service").GetProperty("name").GetString()!, root.GetProperty("@timestamp").GetDateTime().ToUniversalTime()));
                }
            }
        }
        return found;
    }

    [Fact]
    public async Task Dora_counts_the_successful_production_deployments_the_demo_wrote_and_grades_every_key()
    {
        var demo = await SharedDemo.GetAsync();
        var data = await DataAsync();
        var expected = await SuccessfulProductionDeploymentsAsync(demo.Input);

        var org = Assert.Single(await JsonAsync(data, "dora", "--from", From, "--to", To));
        var services = await JsonAsync(data, "dora", "--scope", "service", "--from", From, "--to", To, "--bands", "2021");
        var csv = await InsightsExe.RunAsync(_work.Path, ["dora", "--scope", "team", "--from", From, "--to", To, "--format", "csv", "--data", data]);
        var table = await InsightsExe.RunAsync(_work.Path, ["dora", "--scope", "team", "--from", From, "--to", To, "--data", data]);
        var bad = await InsightsExe.RunAsync(_work.Path, ["dora", "--bands", "2019", "--data", data]);

        Assert.True(expected.Count > 0);
        Assert.Equal(expected.Count, org.GetProperty("deployments").GetInt64());
        Assert.Equal(expected.Select(d => d.Finished.Date).Distinct().Count(), org.GetProperty("deploymentDays").GetInt64());
        Assert.Equal("2023", org.GetProperty("benchmarks").GetString());
        var bands = org.GetProperty("doraBand");
        Assert.Equal(["deploymentFrequency", "leadTime", "changeFailureRate", "failedDeploymentRecovery", "timeToRestore"], bands.EnumerateObject().Select(p => p.Name));
        Assert.Contains(bands.GetProperty("deploymentFrequency").GetString(), new[] { "elite", "high", "medium", "low" });
        Assert.True(org.GetProperty("leadTimeCount").GetInt64() > 0 && org.GetProperty("leadTimeHours").GetDouble() > 0);
        Assert.Equal(demo.Manifest.Services.Select(s => s.Name).Order(StringComparer.Ordinal), services.Select(s => s.GetProperty("name").GetString()));
        Assert.All(services, s => Assert.Equal(expected.Count(d => d.Service == s.GetProperty("name").GetString()), s.GetProperty("deployments").GetInt64()));
        Assert.All(services, s => Assert.Equal("2021", s.GetProperty("benchmarks").GetString()));
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains("doraBand.deploymentFrequency,doraBand.leadTime,doraBand.changeFailureRate", csv.Stdout, StringComparison.Ordinal);
        Assert.Equal(demo.Manifest.Teams.Count + 1, csv.Stdout.Trim().Split('\n').Length);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("DORA, 2023 bands", table.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"days/week, \d+ days \((elite|high|medium|low)\)", table.Stdout);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Kpi_rows_carry_the_dora_fields_bands_and_platform_figures_in_json_and_csv()
    {
        var data = await DataAsync();

        var teams = await JsonAsync(data, "kpi", "--scope", "team", "--from", From, "--to", To);
        var csv = await InsightsExe.RunAsync(_work.Path, ["kpi", "--from", From, "--to", To, "--format", "csv", "--data", data]);
        var table = await InsightsExe.RunAsync(_work.Path, ["kpi", "--scope", "team", "--from", From, "--to", To, "--data", data]);

        Assert.NotEmpty(teams);
        foreach (var key in new[] { "availability", "deploymentFrequency", "deploymentDays", "leadTimeHours", "changeFailureRate", "failedDeploymentRecoveryHours",
                     "timeToRestoreHours", "doraBand", "buildP50Minutes", "buildP95Minutes", "buildSuccessRate", "buildsPerDay", "setupP50Minutes",
                     "selfServiceShare", "serviceAdoption", "teamAdoption", "cycleTimeHours", "errorLogShare" })
        {
            Assert.True(teams[0].TryGetProperty(key, out _), key);
        }
        Assert.Equal(JsonValueKind.Object, teams[0].GetProperty("doraBand").ValueKind);
        Assert.All(teams, t => Assert.True(t.GetProperty("deploymentDays").GetInt64() > 0 && t.GetProperty("buildsPerDay").GetDouble() > 0));
        Assert.All(teams, t => Assert.InRange(t.GetProperty("buildSuccessRate").GetDouble(), 0.5, 1.0));
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains("deploymentFrequency,deploymentDays,leadTimeHours,changeFailureRate,failedDeploymentRecoveryHours,timeToRestoreHours,doraBand.deploymentFrequency", csv.Stdout, StringComparison.Ordinal);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Delivery (DORA, 2023 bands):", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("build p50 / p95", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_prints_the_dora_table_with_bands_per_team()
    {
        var demo = await SharedDemo.GetAsync();

        Assert.Contains("DORA per team and for the org", demo.Run.Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment frequency", demo.Run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\((elite|high|medium|low)\)", demo.Run.Stdout);
        Assert.Contains("Platform KPIs", demo.Run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_of_bad_delivery_events_closes_with_the_rejected_count_per_reason_and_exits_2()
    {
        var file = Path.Combine(_work.Sub("in"), "delivery.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file,
        [
            """{"@timestamp":"2026-01-05T10:00:00Z","event":{"id":"d1","action":"deployment","outcome":"success"},"service":{"name":"web","environment":"production"}}""",
            """{"@timestamp":"2026-01-05T11:00:00Z","event":{"id":"d2","action":"deployment","outcome":"done"},"service":{"name":"web","environment":"production"}}""",
            """{"@timestamp":"2026-01-05T12:00:00Z","event":{"id":"d3","action":"deployment","outcome":"maybe"},"service":{"name":"web","environment":"production"}}""",
            """{"@timestamp":"2026-01-05T13:00:00Z","event":{"id":"i1","action":"incident","start":"2026-01-05T13:00:00Z","end":"2026-01-05T12:00:00Z"},"service":{"name":"web"}}""",
            """{"@timestamp":"soon","event":{"id":"x"},"service":{"name":"web"}}""",
        ]);

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "logs", "--data", _work.Sub("fresh"), file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("read 5, stored 1, duplicates dropped 0, rejected 4 in ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("; rejected per reason: unknown_outcome 2, bad_timestamp 1, ends_before_start 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}:2: event.outcome 'done' is not success, failure or unknown", result.Stderr, StringComparison.Ordinal);
    }
}
