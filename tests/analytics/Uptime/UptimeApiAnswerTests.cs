using Microsoft.Extensions.Logging.Abstractions;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>
/// KPI reads while their computation is slow (RELIABILITY.md §5.5–5.6): a recompute held by a gate the test controls stands
/// in for a KPI query starved by saturating ingest. Real DuckDB, fake clock, no sleeps.
/// </summary>
public sealed class UptimeApiAnswerTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly AnswerSnapshotOptions Policy = new(FreshFor: TimeSpan.FromSeconds(15), Wait: TimeSpan.FromSeconds(2), MaxAge: TimeSpan.FromMinutes(10), Capacity: 8);
    private static readonly AnswerSnapshotOptions ServeStale = Policy with { ServeStaleFor = TimeSpan.FromMinutes(2) };
    private readonly UptimeStore _store = new();
    private TaskCompletionSource? _hold;
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _computations;
    private bool _fail;

    public void Dispose() => _store.Dispose();

    /// <summary>The org's uptime KPIs over the last day, as the API computes them, waiting first while the test holds it.</summary>
    private async Task<UptimeReport> ComputeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _computations);
        if (_hold is { } hold)
        {
            _held.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }
        if (_fail)
        {
            throw new InvalidOperationException("the store failed");
        }
        return await _store.Kpis.ComputeAsync(UptimeScope.Org, null, "1d", null, null, null, cancellationToken);
    }

    private static double Availability(AnswerSnapshot<UptimeReport> answer) => Assert.Single(answer.Value.Rows).Availability!.Value;

    [Fact]
    public async Task A_kpi_read_is_answered_from_the_last_snapshot_within_the_wait_while_its_recompute_is_held_and_later_reads_get_the_new_samples()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        using var answers = new AnswerSnapshots<string, UptimeReport>(Policy, _store.Time, () => _store.Database.Writes);
        var first = await answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        var again = await answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.Equal((1.0, false, 1), (Availability(first), first.Stale, _computations));
        Assert.Same(first, again);

        // Ingest commits 60 failing probes; the recompute this starts is held, as a KPI query starved by ingest would be.
        await _store.ProbeAsync("web", T0.AddHours(1), Minute, Downs(60));
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        var alongside = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.False(held.IsCompleted);
        _store.Time.Advance(Policy.Wait);
        var stale = await held;
        var staleToo = await alongside;

        Assert.Equal((1.0, true), (Availability(stale), stale.Stale));
        Assert.Equal(2, stale.AgeSeconds(_store.Time.GetUtcNow()));
        Assert.Equal((1.0, true), (Availability(staleToo), staleToo.Stale));
        await _held.Task; // the recompute runs on the thread pool: wait until it has started (and is held)
        Assert.Equal((2, 1), (_computations, answers.Running));

        _hold.SetResult();
        var fresh = await answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.Equal((0.5, false, 2), (Availability(fresh), fresh.Stale, _computations));
    }

    [Fact]
    public async Task A_first_read_waits_for_its_computation_a_failed_recompute_keeps_the_last_snapshot_and_past_the_max_age_the_failure_is_the_answer()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        using var answers = new AnswerSnapshots<string, UptimeReport>(Policy, _store.Time, () => _store.Database.Writes);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        _store.Time.Advance(Policy.Wait * 10);
        Assert.False(first.IsCompleted);
        _hold.SetResult();
        Assert.Equal(1.0, Availability(await first));

        _fail = true;
        _store.Time.Advance(Policy.FreshFor);
        var kept = await answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.Equal((1.0, true, 2), (Availability(kept), kept.Stale, _computations));

        _store.Time.Advance(Policy.MaxAge);
        await Assert.ThrowsAsync<InvalidOperationException>(() => answers.GetAsync("org", ComputeAsync, CancellationToken.None));
    }

    [Fact]
    public async Task Uptime_answers_are_kept_per_question_and_team_so_a_team_limited_read_never_gets_another_teams_snapshot()
    {
        await _store.CatalogAsync("web", "shop");
        await _store.CatalogAsync("ledger", "payments");
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        await _store.ProbeAsync("ledger", T0, Minute, [.. Ups(30), .. Downs(30)]);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var answers = new UptimeApiAnswers(_store.Kpis, _store.Incidents, _store.DataEnd, _store.Database,
            Microsoft.Extensions.Options.Options.Create(new UptimeKpiOptions()), _store.Time, new KpiAnswerMeters(registry), new RecomputeTurns(1), NullLogger<UptimeApiAnswers>.Instance);

        var org = await answers.KpisAsync(UptimeScope.Service, null, "1d", null, null, null, CancellationToken.None);
        var shop = await answers.KpisAsync(UptimeScope.Service, null, "1d", null, null, "shop", CancellationToken.None);
        var payments = await answers.KpisAsync(UptimeScope.Service, null, "1d", null, null, "payments", CancellationToken.None);
        var shopAgain = await answers.KpisAsync(UptimeScope.Service, null, "1d", null, null, "shop", CancellationToken.None);
        var incidents = await answers.IncidentsAsync(null, null, null, "shop", CancellationToken.None);
        var allIncidents = await answers.IncidentsAsync(null, null, null, null, CancellationToken.None);

        Assert.Equal(["ledger", "web"], org.Value.Rows.Select(r => r.Name));
        Assert.Equal(["web"], shop.Value.Rows.Select(r => r.Name));
        Assert.Equal(["ledger"], payments.Value.Rows.Select(r => r.Name));
        Assert.Same(shop, shopAgain);
        Assert.Empty(incidents.Value);
        Assert.Equal(["ledger"], allIncidents.Value.Select(i => i.Service));
        using var exported = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(exported);
        var text = System.Text.Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains("insights_kpi_api_answers_total{endpoint=\"uptime\",answer=\"computed\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_api_answers_total{endpoint=\"uptime\",answer=\"current\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_a_recompute_outlasts_ApiWait_reads_are_answered_at_once_from_a_snapshot_younger_than_ServeStaleFor_while_one_recompute_runs()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        var served = new List<string>();
        using var answers = new AnswerSnapshots<string, UptimeReport>(ServeStale, _store.Time, () => _store.Database.Writes, answer => served.Add(answer));
        // The first computation takes 3 s, longer than ApiWait, as one starved by saturating ingest.
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        await _held.Task;
        _store.Time.Advance(TimeSpan.FromSeconds(3));
        _hold.SetResult();
        await first;

        // 30 s later ingest commits 60 failing probes; the recompute the next read starts is held.
        _store.Time.Advance(TimeSpan.FromSeconds(30));
        await _store.ProbeAsync("web", T0.AddHours(1), Minute, Downs(60));
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var atOnce = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        var alongside = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.True(atOnce.IsCompleted && alongside.IsCompleted); // the clock did not move: neither read waited for anything
        var stale = await atOnce;
        Assert.Equal((1.0, true, 33L), (Availability(stale), stale.Stale, stale.AgeSeconds(_store.Time.GetUtcNow())));
        Assert.Equal((1.0, true), (Availability(await alongside), (await alongside).Stale));
        await _held.Task;
        Assert.Equal((2, 1), (_computations, answers.Running));

        // Once the snapshot is older than the bound a read waits for the recompute (the clock never reaches ApiWait): the new samples.
        _hold.SetResult();
        _store.Time.Advance(ServeStale.ServeStaleFor);
        var fresh = await answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.Equal((0.5, false), (Availability(fresh), fresh.Stale));
        Assert.Equal(["computed", "recomputing", "recomputing", "computed"], served);
    }

    [Fact]
    public async Task While_recomputes_are_quick_a_read_waits_for_the_fresh_answer_and_once_one_is_late_or_past_ServeStaleFor_as_before_each_computation_timed()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        var served = new List<string>();
        var took = new List<TimeSpan>();
        using var answers = new AnswerSnapshots<string, UptimeReport>(ServeStale, _store.Time, () => _store.Database.Writes, answer => served.Add(answer), computed: took.Add);
        await answers.GetAsync("org", ComputeAsync, CancellationToken.None); // quick: no time passes

        // The last computation was quick, so a read after a write waits up to ApiWait for its recompute (held here).
        _store.Time.Advance(TimeSpan.FromSeconds(30));
        await _store.ProbeAsync("web", T0.AddHours(1), Minute, Downs(60));
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        await _held.Task;
        Assert.False(waiting.IsCompleted);
        _store.Time.Advance(ServeStale.Wait);
        var stale = await waiting;
        Assert.Equal((1.0, true, 32L), (Availability(stale), stale.Stale, stale.AgeSeconds(_store.Time.GetUtcNow())));

        // The running recompute is now known to be late: the next read gets the snapshot at once.
        var atOnce = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.True(atOnce.IsCompleted);
        Assert.Equal((1.0, true), (Availability(await atOnce), (await atOnce).Stale));

        // Past ServeStaleFor a read waits again; the held recompute, 122 s long, ends and is its answer.
        _store.Time.Advance(ServeStale.ServeStaleFor);
        var past = answers.GetAsync("org", ComputeAsync, CancellationToken.None);
        Assert.False(past.IsCompleted);
        _hold.SetResult();
        var fresh = await past;
        Assert.Equal((0.5, false, 2), (Availability(fresh), fresh.Stale, _computations));
        Assert.Equal(["computed", "stale", "recomputing", "computed"], served);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(122)], took);
    }

    [Fact]
    public void An_ApiServeStaleFor_beyond_ApiMaxAge_or_negative_is_refused_naming_the_key()
    {
        foreach (var bad in new[] { TimeSpan.FromMinutes(11), TimeSpan.FromSeconds(-1) })
        {
            var options = new UptimeKpiOptions { ApiServeStaleFor = bad };
            var refused = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
            Assert.Contains("Insights:Uptime:ApiServeStaleFor", refused.ErrorMessage, StringComparison.Ordinal);
        }
        Assert.Empty(new UptimeKpiOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new UptimeKpiOptions())));
    }
}
