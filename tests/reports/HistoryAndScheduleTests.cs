using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Scheduling;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>The report history, re-runs replacing, and the schedules' start-up catch-up under a fake clock.</summary>
public sealed class HistoryAndScheduleTests : IDisposable
{
    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    private Task<GeneratedReport> GenerateAsync(ReportKind kind, string period, string trigger = "cli") =>
        _store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(kind, ReportPeriod.Parse(kind, period)), ReportFormats.Html | ReportFormats.Json, null, trigger, CancellationToken.None);

    [Fact]
    public async Task A_re_run_of_the_same_period_replaces_the_report_its_files_and_its_history_row_and_says_so()
    {
        await Seed.BillingAsync(_store);
        var first = await GenerateAsync(ReportKind.Weekly, "2026-W47");
        await File.WriteAllTextAsync(Path.Combine(first.Directory, "stale.txt"), "from the first run");
        _store.Time.Advance(TimeSpan.FromHours(1));
        var second = await GenerateAsync(ReportKind.Weekly, "2026-W47");

        Assert.Null(first.Replaced);
        Assert.NotNull(second.Replaced);
        Assert.Equal(first.Report.GeneratedAt, second.Replaced!.GeneratedAt);
        Assert.Equal(first.Directory, second.Directory);
        Assert.False(File.Exists(Path.Combine(second.Directory, "stale.txt")));
        var row = Assert.Single(await _store.Get<IReportHistory>().ListAsync(null, CancellationToken.None));
        Assert.Equal(("weekly-2026-W47", 2, second.Report.GeneratedAt), (row.Id, row.Generations, row.GeneratedAt));
        Assert.Equal(["html", "json"], row.Formats);
        Assert.Equal(Path.Combine("reports", "weekly-2026-W47"), row.Directory);
    }

    [Fact]
    public async Task The_history_lists_each_report_once_newest_period_first_and_a_team_sees_only_its_own()
    {
        await GenerateAsync(ReportKind.Weekly, "2026-W46");
        await GenerateAsync(ReportKind.Monthly, "2026-10");
        await _store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Team, ReportPeriod.Parse(ReportKind.Team, "2026-W47"), "b"),
            ReportFormats.Json, null, "cli", CancellationToken.None);
        var history = _store.Get<IReportHistory>();

        Assert.Equal(["team-2026-W47-b", "weekly-2026-W46", "monthly-2026-10"], (await history.ListAsync(null, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["team-2026-W47-b"], (await history.ListAsync("b", CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public void The_weekly_cron_fires_monday_at_seven_in_the_configured_time_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), ReportSchedule.LastFireAtOrBefore(new ReportsOptions().WeeklyCron, berlin, now));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero), ReportSchedule.LastFireAtOrBefore(new ReportsOptions().MonthlyCron, berlin, now));
        Assert.Equal("2026-W47", ReportPeriod.LastComplete(ReportKind.Weekly, new DateTime(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc)).Name);
        Assert.Equal("2026-10", ReportPeriod.LastComplete(ReportKind.Monthly, new DateTime(2026, 11, 1, 6, 0, 0, DateTimeKind.Utc)).Name);
    }

    [Fact]
    public async Task After_downtime_over_several_slots_the_start_up_catch_up_generates_only_the_latest_period_once()
    {
        // The server last produced W44 (and October); it was down on 16 and 23 November (fake now: Tue 24 Nov 09:00 UTC).
        await GenerateAsync(ReportKind.Weekly, "2026-W44", "schedule");
        await GenerateAsync(ReportKind.Monthly, "2026-10", "schedule");
        var runner = _store.Get<ReportScheduleRunner>();

        var caughtUp = await runner.CatchUpAsync(CancellationToken.None);
        var again = await runner.CatchUpAsync(CancellationToken.None);

        Assert.Equal(["weekly-2026-W47"], caughtUp.Select(g => g.Report.Id));
        Assert.Empty(again);
        var rows = await _store.Get<IReportHistory>().ListAsync(null, CancellationToken.None);
        Assert.Equal(["weekly-2026-W47", "weekly-2026-W44", "monthly-2026-10"], rows.Select(r => r.Id));
        Assert.Equal("startup", rows[0].Trigger);
    }

    [Fact]
    public async Task A_schedule_that_never_ran_waits_for_its_first_slot_even_after_on_demand_reports()
    {
        var runner = _store.Get<ReportScheduleRunner>();
        Assert.Empty(await runner.CatchUpAsync(CancellationToken.None));

        await GenerateAsync(ReportKind.Weekly, "2026-W44", "cli");
        Assert.Empty(await runner.CatchUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_scheduled_run_reports_the_last_complete_period_before_its_fire_time_and_a_second_run_replaces()
    {
        var runner = _store.Get<ReportScheduleRunner>();
        var schedule = new ScheduledReport(ReportKind.Weekly, null, new ReportsOptions().WeeklyCron);
        var fired = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

        var first = await runner.RunAsync(schedule, fired, "schedule", CancellationToken.None);
        var second = await runner.RunAsync(schedule, fired, "schedule", CancellationToken.None);

        Assert.Equal("weekly-2026-W47", first.Report.Id);
        Assert.Null(first.Replaced);
        Assert.Equal("weekly-2026-W47", second.Replaced?.Id);
    }
}
