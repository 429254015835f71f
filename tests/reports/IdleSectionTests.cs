using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>The idle-resource section reads only <see cref="IIdleFindings"/>, and the report builds without one.</summary>
public sealed class IdleSectionTests
{
    private static readonly ReportPeriod W46 = ReportPeriod.Parse(ReportKind.Weekly, "2026-W46");
    private static readonly ReportPeriod W47 = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");

    [Fact]
    public async Task Without_an_idle_detector_the_report_builds_and_says_idle_detection_is_not_configured()
    {
        // AddAnalytics registers the real detector; a host composed without it must still build reports.
        using var store = new ReportStore(configure: s => s.RemoveAll<IIdleFindings>());
        var generated = await store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Weekly, W47), ReportFormats.Markdown, null, "test", CancellationToken.None);

        Assert.Equal(IdleSection.NotConfigured, generated.Report.Tables.Single(t => t.Id == IdleSection.SavingsTable).Missing);
        Assert.Equal(IdleSection.NotConfigured, generated.Report.Tables.Single(t => t.Id == IdleSection.FindingsTable).Missing);
        Assert.Equal(IdleSection.CleanupNotConfigured, generated.Report.Tables.Single(t => t.Id == IdleSection.CleanupTable).Missing);
        Assert.Contains("Missing: " + IdleSection.NotConfigured, await File.ReadAllTextAsync(Path.Combine(generated.Directory, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_analytics_detector_and_no_resources_the_section_reports_that_nothing_was_found()
    {
        using var store = new ReportStore();
        Assert.IsType<IdleDetector>(store.Get<IIdleFindings>());
        var generated = await store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Weekly, W47), ReportFormats.Markdown, null, "test", CancellationToken.None);

        var findings = generated.Report.Tables.Single(t => t.Id == IdleSection.FindingsTable);
        Assert.NotEqual(IdleSection.NotConfigured, findings.Missing);
        Assert.Empty(findings.Rows);
    }

    [Fact]
    public async Task Savings_available_count_idle_underutilized_and_scheduled_findings_and_realised_are_those_resolved_since_the_last_report()
    {
        var idle = new FakeIdleFindings();
        idle.Current.AddRange(
        [
            FakeIdleFindings.Finding("f1", "a", IdleState.Idle, 120m, actionable: true),
            FakeIdleFindings.Finding("f2", "a", IdleState.Underutilized, 30m, actionable: false, "k8s_workload"),
            FakeIdleFindings.Finding("f3", "b", IdleState.Idle, 50m, actionable: true, "volume"),
            FakeIdleFindings.Finding("f4", "b", IdleState.Undetermined, 999m, actionable: false),
            FakeIdleFindings.Finding("f5", "b", IdleState.Active, 77m, actionable: false),
            FakeIdleFindings.Finding("f6", "b", IdleState.Idle, null, actionable: false),
        ]);
        using var store = new ReportStore(configure: s => s.AddSingleton<IIdleFindings>(idle));
        var generator = store.Get<ReportGenerator>();

        var first = (await generator.GenerateAsync(new ReportRequest(ReportKind.Weekly, W46), ReportFormats.Json, null, "test", CancellationToken.None)).Report;
        Assert.Equal(["USD", "USD 200.00", "USD 170.00", "3", "missing: no report with JSON for 2026-W45 to compare with", "missing"],
            first.Tables.Single(t => t.Id == IdleSection.SavingsTable).Rows.Single());
        Assert.Equal(["res-f1", "res-f3", "res-f2", "res-f6"], first.Tables.Single(t => t.Id == IdleSection.FindingsTable).Rows.Select(r => r[0]));
        Assert.Equal("missing: no billing match", first.Tables.Single(t => t.Id == IdleSection.FindingsTable).Rows[^1][6]);
        Assert.Equal(["f1", "f3", "f2"], first.IdleSavings.Select(s => s.FindingId));
        Assert.Contains("1 resource(s) could not be judged (not enough utilisation data) and are not counted as savings.", first.Notes);

        // The volume was deleted and the workload is busy again; a new VM went idle.
        idle.Current.RemoveAll(f => f.Id == "f3");
        idle.Current[idle.Current.FindIndex(f => f.Id == "f2")] = FakeIdleFindings.Finding("f2", "a", IdleState.Active, 30m, actionable: false);
        idle.Current.Add(FakeIdleFindings.Finding("f7", "a", IdleState.Idle, 10m, actionable: true));
        var second = (await generator.GenerateAsync(new ReportRequest(ReportKind.Weekly, W47), ReportFormats.Json | ReportFormats.Markdown, null, "test", CancellationToken.None)).Report;

        Assert.Equal(["USD", "USD 130.00", "USD 130.00", "2", "USD 80.00", "2"], second.Tables.Single(t => t.Id == IdleSection.SavingsTable).Rows.Single());
        var realised = Assert.Single(second.Highlights, h => h.Text.Contains("realised", StringComparison.Ordinal));
        Assert.Equal("USD 80.00 a month realised since 2026-W46: 2 finding(s) of that report were resolved.", realised.Text);
        Assert.Equal(80.0, realised.Number);
        Assert.Equal("table idle-savings, row USD", realised.Source);
        var available = Assert.Single(second.Highlights, h => h.Text.StartsWith("Idle and over-provisioned", StringComparison.Ordinal));
        Assert.Equal(130.0, available.Number);
    }

    [Fact]
    public async Task A_team_report_lists_only_the_teams_findings()
    {
        var idle = new FakeIdleFindings();
        idle.Current.AddRange([FakeIdleFindings.Finding("f1", "a", IdleState.Idle, 120m, true), FakeIdleFindings.Finding("f3", "b", IdleState.Idle, 50m, true)]);
        using var store = new ReportStore(configure: s => s.AddSingleton<IIdleFindings>(idle));

        var report = await store.Get<ReportBuilder>().BuildAsync(new ReportRequest(ReportKind.Team, W47, "b"), CancellationToken.None);

        Assert.Equal(["res-f3"], report.Tables.Single(t => t.Id == IdleSection.FindingsTable).Rows.Select(r => r[0]));
        Assert.Equal("USD 50.00", report.Tables.Single(t => t.Id == IdleSection.SavingsTable).Rows.Single()[1]);
    }

    [Fact]
    public async Task Savings_realised_by_cleanup_are_the_periods_per_currency_for_the_reports_team_with_a_highlight_each()
    {
        var cleanup = new FakeRealisedSavings();
        cleanup.ByTeam["a"] = [new RealisedSaving("USD", 120m, 2), new RealisedSaving("EUR", 15.5m, 1)];
        cleanup.ByTeam["b"] = [new RealisedSaving("USD", 30m, 1)];
        using var store = new ReportStore(configure: s => s.AddSingleton<IIdleFindings>(new FakeIdleFindings()).AddSingleton<IRealisedSavings>(cleanup));
        var builder = store.Get<ReportBuilder>();

        var org = await builder.BuildAsync(new ReportRequest(ReportKind.Weekly, W47), CancellationToken.None);
        var table = org.Tables.Single(t => t.Id == IdleSection.CleanupTable);
        Assert.Equal("Savings realised by automated cleanup in 2026-W47", table.Title);
        Assert.Equal(new[] { new[] { "EUR", "EUR 15.50", "1" }, ["USD", "USD 150.00", "3"] }, table.Rows.Select(r => r.ToArray()));
        Assert.Equal((W47.From, W47.To, (string?)null), cleanup.Asked[^1]);
        var usd = Assert.Single(org.Highlights, h => h.Text.Contains("cleanup saved USD", StringComparison.Ordinal));
        Assert.Equal("Automated cleanup saved USD 150.00 a month in 2026-W47: 3 resource(s) stopped, scaled to zero or deleted.", usd.Text);
        Assert.Equal(150.0, usd.Number);
        Assert.Equal("table idle-cleanup, row USD", usd.Source);

        var teamB = await builder.BuildAsync(new ReportRequest(ReportKind.Team, W47, "b"), CancellationToken.None);
        Assert.Equal(new[] { new[] { "USD", "USD 30.00", "1" } }, teamB.Tables.Single(t => t.Id == IdleSection.CleanupTable).Rows.Select(r => r.ToArray()));
        Assert.Equal("b", cleanup.Asked[^1].Team);

        cleanup.ByTeam.Clear();
        var none = await builder.BuildAsync(new ReportRequest(ReportKind.Weekly, W47), CancellationToken.None);
        Assert.Equal("no cleanup action saved cost in 2026-W47", none.Tables.Single(t => t.Id == IdleSection.CleanupTable).Missing);
        Assert.DoesNotContain(none.Highlights, h => h.Text.StartsWith("Automated cleanup", StringComparison.Ordinal));
    }
}
