using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights report</c> on demand, its history, a re-run that replaces, bad usage, and the history over the API.</summary>
public sealed class ReportCliTests : IDisposable
{
    private readonly TempDir _work = new("reports");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_report_is_generated_listed_replaced_on_re_run_and_served_by_the_api()
    {
        var data = _work.Sub("data");
        var first = await InsightsExe.RunAsync(_work.Path, ["report", "weekly", "--period", "2026-W47", "--format", "json,md,csv", "--data", data]);
        var second = await InsightsExe.RunAsync(_work.Path, ["report", "weekly", "--period", "2026-W47", "--format", "json,md,csv", "--data", data]);
        var badPeriod = await InsightsExe.RunAsync(_work.Path, ["report", "monthly", "--period", "2026-W47", "--data", data]);
        var list = await InsightsExe.RunAsync(_work.Path, ["report", "list", "--format", "json", "--data", data]);

        Assert.True(first.ExitCode == 0, first.ToString());
        var json = Path.Combine(data, "reports", "weekly-2026-W47", "report.json");
        Assert.Contains(json, first.Stdout, StringComparison.Ordinal);
        Assert.Contains("missing", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("replaced", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("replaced the report for 2026-W47", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, badPeriod.ExitCode);
        Assert.Contains("2026-11", badPeriod.Stderr + badPeriod.Stdout, StringComparison.Ordinal);
        using (var rows = JsonDocument.Parse(list.Stdout))
        {
            var row = Assert.Single(rows.RootElement.EnumerateArray());
            Assert.Equal(("weekly-2026-W47", 2), (row.GetProperty("id").GetString(), row.GetProperty("generations").GetInt32()));
        }

        await using var server = await ServerProcess.StartAsync(_work.Path, data);
        var listed = await server.GetArrayAsync("/api/v1/reports", server.LocalToken);
        using var file = await server.GetAsync("/api/v1/reports/weekly-2026-W47/json", server.LocalToken);
        using var table = await server.GetAsync("/api/v1/reports/weekly-2026-W47/csv?table=top-cost-movers", server.LocalToken);
        using var absent = await server.GetAsync("/api/v1/reports/weekly-2026-W47/pdf", server.LocalToken);
        using var unknown = await server.GetAsync("/api/v1/reports/weekly-1999-W01/json", server.LocalToken);

        Assert.Equal("weekly-2026-W47", Assert.Single(listed).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(json), await file.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Assert.StartsWith("team,currency", await table.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (absent.StatusCode, unknown.StatusCode));
    }
}
