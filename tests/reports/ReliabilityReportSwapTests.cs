using System.Text.Json;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>
/// A re-run swaps its folder in with two renames (<c>ID → ID.replaced</c>, <c>ID.partial → ID</c>); a process killed
/// between them left the listed report without a folder until the same report ran again. The kill is simulated by doing
/// the first rename by hand after a real generation, as the killed process would have left it.
/// </summary>
public sealed class ReliabilityReportSwapTests : IDisposable
{
    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    private Task<GeneratedReport> GenerateAsync() =>
        _store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Weekly, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47")),
            ReportFormats.Markdown | ReportFormats.Json, null, "cli", CancellationToken.None);

    [Fact]
    public async Task A_kill_between_the_folder_renames_still_lists_the_earlier_report_whole_and_the_next_run_replaces_it()
    {
        var first = await GenerateAsync();
        var firstJson = await File.ReadAllTextAsync(Path.Combine(first.Directory, "report.json"));
        Directory.CreateDirectory(first.Directory + ".partial");
        await File.WriteAllTextAsync(Path.Combine(first.Directory + ".partial", "report.json"), "{\"the re-run's files");
        Directory.Move(first.Directory, first.Directory + ".replaced");

        var listed = Assert.Single(await _store.Get<IReportHistory>().ListAsync(null, CancellationToken.None));
        var folder = _store.Get<IReportHistory>().FullDirectory(listed.Directory);
        var jsonAfterRepair = await File.ReadAllTextAsync(Path.Combine(folder, "report.json"));
        var retiredLeft = Directory.Exists(first.Directory + ".replaced");
        _store.Time.Advance(TimeSpan.FromHours(1));
        var second = await GenerateAsync();

        Assert.Equal(first.Report.Id, listed.Id);
        Assert.Equal(first.Report.GeneratedAt, listed.GeneratedAt);
        Assert.Equal(firstJson, jsonAfterRepair);
        Assert.True(File.Exists(Path.Combine(folder, "report.md")));
        Assert.False(retiredLeft);
        Assert.NotNull(second.Replaced);
        Assert.False(Directory.Exists(second.Directory + ".partial"));
        Assert.False(Directory.Exists(second.Directory + ".replaced"));
        var row = Assert.Single(await _store.Get<IReportHistory>().ListAsync(null, CancellationToken.None));
        Assert.Equal((2, second.Report.GeneratedAt), (row.Generations, row.GeneratedAt));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(second.Directory, "report.json")));
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }

    [Fact]
    public async Task A_listing_during_a_generation_leaves_its_staging_folder_alone()
    {
        var first = await GenerateAsync();
        Directory.CreateDirectory(first.Directory + ".partial");
        await File.WriteAllTextAsync(Path.Combine(first.Directory + ".partial", "report.json"), "{}");

        var listed = Assert.Single(await _store.Get<IReportHistory>().ListAsync(null, CancellationToken.None));

        Assert.Equal(first.Report.Id, listed.Id);
        Assert.True(File.Exists(Path.Combine(first.Directory + ".partial", "report.json")));
        Assert.True(File.Exists(Path.Combine(first.Directory, "report.json")));
    }
}
