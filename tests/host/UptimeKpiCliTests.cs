using System.Globalization;
using System.Text.Json;
using Platform.Insights.Demo;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights kpi</c> and <c>insights incidents</c> over a demo organisation imported as a user would (catalog, metrics,
/// logs through the real CLI), checked against the generator's manifest: its planned outages are the only probe
/// failures, so availability, incident counts and recovery times follow from them independently of the SQL.
/// </summary>
public sealed class UptimeKpiCliTests : IDisposable
{
    private static readonly DemoOrganisationOptions Options = new() { Teams = 2, Services = 5, Days = 6, Seed = 23, EndDate = new DateOnly(2026, 2, 1) };

    private readonly TempDir _work = new("uptime-kpis");

    public void Dispose() => _work.Dispose();

    private async Task<List<JsonElement>> JsonAsync(string data, params string[] args)
    {
        var result = await InsightsExe.RunAsync(_work.Path, [.. args, "--data", data, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task Kpis_and_incidents_of_an_imported_demo_match_the_outages_the_generator_planned()
    {
        var input = _work.Sub("in");
        var manifest = await DemoGenerator.WriteAsync(Options, input);
        var data = _work.Sub("data");
        foreach (var args in new[] { new[] { "catalog", "load", Path.Combine(input, "catalog") }, ["import", "metrics", Path.Combine(input, "metrics")], ["import", "logs", Path.Combine(input, "logs")] })
        {
            var run = await InsightsExe.RunAsync(_work.Path, [.. args, "--data", data], timeout: TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var from = Options.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = Options.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var services = await JsonAsync(data, "kpi", "--scope", "service", "--from", from, "--to", to);
        var teams = await JsonAsync(data, "kpi", "--scope", "team", "--from", from, "--to", to);
        var org = Assert.Single(await JsonAsync(data, "kpi", "--from", from, "--to", to));
        var incidents = await JsonAsync(data, "incidents", "--from", from, "--to", to);
        var table = await InsightsExe.RunAsync(_work.Path, ["kpi", "--scope", "team", "--window", "7d", "--data", data]);

        var minutes = Options.Days * 1440.0;
        Assert.Equal(manifest.Services.Select(s => s.Name).Order(StringComparer.Ordinal), services.Select(s => s.GetProperty("name").GetString()));
        foreach (var service in manifest.Services)
        {
            var planned = manifest.Incidents.Where(i => i.Service == service.Name).Select(i => (i.End - i.Start).TotalMinutes).ToList();
            var row = services.Single(s => s.GetProperty("name").GetString() == service.Name);
            Assert.Equal(("probe", service.Team, service.Slo), (row.GetProperty("sli").GetString(), row.GetProperty("team").GetString(), row.GetProperty("sloTarget").GetDecimal()));
            Assert.Equal(1 - (planned.Sum() / minutes), row.GetProperty("availability").GetDouble(), 9);
            Assert.Equal(1.0, row.GetProperty("coverage").GetDouble(), 9);
            Assert.Equal(planned.Count, row.GetProperty("incidents").GetInt32());
            if (planned.Count > 0)
            {
                Assert.Equal(planned.Average(), row.GetProperty("mttrMinutes").GetDouble(), 9);
                Assert.Equal(planned.Count(m => m <= 5) / (double)planned.Count, row.GetProperty("recoveredWithin5MinShare").GetDouble(), 9);
            }
            var budget = 1 - ((double)service.Slo / 100);
            Assert.Equal((1 - (planned.Sum() / minutes) - (1 - budget)) / budget, row.GetProperty("errorBudgetRemaining").GetDouble(), 6);
        }
        Assert.Equal(manifest.Teams.Select(t => t.Name).Order(StringComparer.Ordinal), teams.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(1 - (manifest.Incidents.Sum(i => (i.End - i.Start).TotalMinutes) / (minutes * manifest.Services.Count)), org.GetProperty("availability").GetDouble(), 9);
        Assert.Equal(manifest.Incidents.Count, org.GetProperty("incidents").GetInt32());
        Assert.Equal(manifest.Incidents.Select(i => i.Id).Order(StringComparer.Ordinal), incidents.Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(incidents, i => Assert.Equal("probe+event", i.GetProperty("source").GetString()));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("%", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("as of the last SLI sample", table.Stdout, StringComparison.Ordinal);
    }
}
