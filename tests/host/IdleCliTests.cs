using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights idle</c> over a copy of the shared demo (2 days: too young for the default 14-day rules) and the demo's own summary.</summary>
public sealed class IdleCliTests : IDisposable
{
    private readonly TempDir _work = new("idle-cli");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Idle_lists_every_resource_as_undetermined_when_the_data_is_younger_than_the_window()
    {
        var demo = await SharedDemo.GetAsync();
        var data = _work.Sub("data");
        demo.CopyDataTo(data);

        var json = await InsightsExe.RunAsync(_work.Path, ["idle", "--all", "--format", "json", "--data", data]);
        var table = await InsightsExe.RunAsync(_work.Path, ["idle", "--type", "vm", "--data", data]);
        var csv = await InsightsExe.RunAsync(_work.Path, ["idle", "--state", "undetermined", "--format", "csv", "--data", data]);
        var bad = await InsightsExe.RunAsync(_work.Path, ["idle", "--type", "spaceship", "--data", data]);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(demo.Manifest.Resources.Count, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("undetermined", r.GetProperty("state").GetString());
            Assert.False(r.GetProperty("actionable").GetBoolean());
            Assert.Contains("younger than the", r.GetProperty("recommendation").GetString(), StringComparison.Ordinal);
        });
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"\d+ findings: \d+ undetermined; monthly savings none", table.Stdout);
        Assert.Equal(demo.Manifest.Resources.Count + 1, csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task The_demo_prints_the_idle_findings_summary_and_total_savings()
    {
        var demo = await SharedDemo.GetAsync();

        Assert.Contains("Idle resources (as of 2026-01-10 00:00 UTC; savings = monthly FOCUS EffectiveCost):", demo.Run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\d+ findings(: .*)?; monthly savings ", demo.Run.Stdout);
    }
}
