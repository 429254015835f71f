using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Insights.Analytics.Idle;
using static Platform.Insights.Analytics.Tests.Idle.IdleStore;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>Findings are persisted per run and reads are served from the latest complete run, within the staleness bound.</summary>
public sealed class IdleRunTests : IDisposable
{
    private readonly IdleStore _store = new(new IdleOptions { KeepRuns = 2 });

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Reads_are_served_from_the_persisted_run_until_the_data_changes()
    {
        await _store.VmAsync("i-quiet", _ => 0.005);

        var first = await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);
        var again = await _store.NewDetector().ListAsync(new IdleFindingFilter(), CancellationToken.None);
        var one = await _store.Detector.GetAsync(first[0].Id, CancellationToken.None);

        var run = Assert.Single(first).RunId;
        Assert.Matches("^idr_[0-9]{8}T[0-9]{9}_[0-9a-f]{8}$", run);
        Assert.Equal(_store.Time.GetUtcNow().UtcDateTime, first[0].ComputedAt);
        Assert.Equal(run, Assert.Single(again).RunId);
        Assert.Equivalent(first[0], one);
        Assert.Equal((1L, 1L), (await CountAsync("SELECT count(*) FROM idle_runs WHERE status = 'complete'"), await CountAsync("SELECT count(*) FROM idle_findings")));
        Assert.Equal("Idle|vm.idle|true", await TextAsync($"SELECT state || '|' || rule || '|' || actionable FROM idle_findings WHERE finding_id = '{first[0].Id}'"));

        await _store.VmAsync("i-new", _ => 0.6, _ => 50_000);
        var after = await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);

        Assert.Equal(["i-new", "i-quiet"], after.Select(f => f.ResourceId).Order(StringComparer.Ordinal));
        Assert.NotEqual(run, after[0].RunId);
    }

    [Fact]
    public async Task A_run_older_than_the_staleness_bound_is_recomputed_before_it_is_served()
    {
        await _store.VmAsync("i-quiet", _ => 0.005);
        var first = Assert.Single(await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));

        _store.Time.Advance(_store.Options.MaxFindingAge - TimeSpan.FromMinutes(1));
        Assert.Equal(first.RunId, (await _store.Detector.GetAsync(first.Id, CancellationToken.None))!.RunId);

        _store.Time.Advance(TimeSpan.FromMinutes(2));
        var later = (await _store.Detector.GetAsync(first.Id, CancellationToken.None))!;

        Assert.NotEqual(first.RunId, later.RunId);
        Assert.Equal((false, true), (later.Stale, later.Actionable));
        Assert.Equal(_store.Time.GetUtcNow().UtcDateTime, later.ComputedAt);
    }

    [Fact]
    public async Task Findings_past_the_bound_that_cannot_be_recomputed_are_served_stale_and_never_actionable()
    {
        await _store.VmAsync("i-quiet", _ => 0.005);
        var fresh = Assert.Single(await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));
        Assert.True(fresh.Actionable);
        await ExecuteAsync("DROP VIEW metric_samples");

        // Within the bound the run is still served (a failed recompute does not withdraw current findings) …
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        var stillCurrent = Assert.Single(await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));
        Assert.Equal((false, true), (stillCurrent.Stale, stillCurrent.Actionable));

        // … past it, nothing it says may be acted on.
        _store.Time.Advance(_store.Options.MaxFindingAge);
        var listed = Assert.Single(await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));
        var got = (await _store.Detector.GetAsync(fresh.Id, CancellationToken.None))!;

        foreach (var stale in new[] { listed, got })
        {
            Assert.Equal((fresh.RunId, true, false, IdleState.Idle), (stale.RunId, stale.Stale, stale.Actionable, stale.State));
            Assert.Contains("stale: computed", stale.Recommendation, StringComparison.Ordinal);
        }
        // Each read that found no current run tried once: within the bound, then the list and the get past it.
        Assert.Equal(3L, await CountAsync("SELECT count(*) FROM idle_runs WHERE status = 'failed'"));
    }

    [Fact]
    public async Task A_run_computed_under_other_settings_is_never_served_as_current()
    {
        await _store.VmAsync("i-quiet", _ => 0.005);
        var first = Assert.Single(await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));
        // A restart with a 7-day VM window, in the server (where reads serve any run within the bound).
        var restarted = _store.NewDetector(new IdleOptions { KeepRuns = 2, VmWindowDays = 7, Thresholds = new IdleThresholds { VmQuietDays = 6 } });
        restarted.RefreshedInBackground = true;

        var second = Assert.Single(await restarted.ListAsync(new IdleFindingFilter(), CancellationToken.None));

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal((14, 7), ((first.WindowEnd - first.WindowStart).Days, (second.WindowEnd - second.WindowStart).Days));
        Assert.NotEqual(first.RuleVersion, second.RuleVersion);
    }

    [Fact]
    public async Task Only_the_newest_complete_runs_are_kept()
    {
        await _store.VmAsync("i-quiet", _ => 0.005);
        await _store.VmAsync("i-busy", _ => 0.6, _ => 50_000);
        var runs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add((await _store.Detector.RefreshAsync(null, CancellationToken.None)).RunId);
            _store.Time.Advance(_store.Options.MaxFindingAge + TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, runs.Distinct().Count());
        Assert.Equal(runs[1..].Order(StringComparer.Ordinal), await TextsAsync("SELECT run_id FROM idle_runs ORDER BY run_id"));
        Assert.Equal(runs[1..].Order(StringComparer.Ordinal), await TextsAsync("SELECT DISTINCT run_id FROM idle_findings ORDER BY run_id"));
        Assert.Equal(4L, await CountAsync("SELECT count(*) FROM idle_findings"));
    }

    [Fact]
    public async Task In_the_server_reads_serve_the_run_within_the_bound_and_the_refresher_recomputes_after_new_data()
    {
        var detector = _store.NewDetector();
        var refresher = new IdleRefreshService(detector, _store.Runs, _store.Time, Microsoft.Extensions.Options.Options.Create(_store.Options), NullLogger<IdleRefreshService>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        await refresher.StopAsync(CancellationToken.None);
        Assert.True(detector.RefreshedInBackground);
        await _store.VmAsync("i-quiet", _ => 0.005);

        Assert.True(await refresher.RefreshIfDueAsync(CancellationToken.None));
        Assert.False(await refresher.RefreshIfDueAsync(CancellationToken.None));
        var first = Assert.Single(await detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));

        await _store.VmAsync("i-new", _ => 0.6, _ => 50_000);
        Assert.Equal([first.RunId], (await detector.ListAsync(new IdleFindingFilter(), CancellationToken.None)).Select(f => f.RunId));

        Assert.True(await refresher.RefreshIfDueAsync(CancellationToken.None));
        Assert.Equal(2, (await detector.ListAsync(new IdleFindingFilter(), CancellationToken.None)).Count);

        // Unchanged data: recomputed once the run is half-way to its bound, so reads never reach a stale one.
        _store.Time.Advance(_store.Options.MaxFindingAge / 2 - TimeSpan.FromMinutes(1));
        Assert.False(await refresher.RefreshIfDueAsync(CancellationToken.None));
        _store.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await refresher.RefreshIfDueAsync(CancellationToken.None));
    }

    private async Task ExecuteAsync(string sql) =>
        await _store.Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string?> TextAsync(string sql) => Convert.ToString(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql)
    {
        using var connection = _store.Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<List<string>> TextsAsync(string sql)
    {
        using var connection = _store.Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
