using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>
/// The uptime and incident answers' recomputes take turns (<c>Insights:Uptime:ApiMaxConcurrentRecomputes</c>, BENCHMARKS.md §39):
/// computations held by gates the test controls stand in for KPI queries that each fill DuckDB's memory. Real DuckDB, fake clock, no sleeps.
/// </summary>
public sealed class UptimeApiRecomputeTurnTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly AnswerSnapshotOptions Policy = new(FreshFor: TimeSpan.FromSeconds(15), Wait: TimeSpan.FromSeconds(2), MaxAge: TimeSpan.FromMinutes(10), Capacity: 8);
    private readonly UptimeStore _store = new();
    private int _running;
    private int _most;

    public void Dispose() => _store.Dispose();

    /// <summary>A computation that says when it started and waits for the test (or its cancellation), then asks the store.</summary>
    private sealed class Gate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Computations { get; set; }
    }

    private Func<CancellationToken, Task<T>> Held<T>(Gate gate, Func<CancellationToken, Task<T>> ask) => async token =>
    {
        gate.Computations++;
        var running = Interlocked.Increment(ref _running);
        lock (_store)
        {
            _most = Math.Max(_most, running);
        }
        try
        {
            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(token);
            return await ask(token);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    };

    private Func<CancellationToken, Task<UptimeReport>> Kpis(Gate gate) => Held(gate, token => _store.Kpis.ComputeAsync(UptimeScope.Org, null, "1d", null, null, null, token));

    private Func<CancellationToken, Task<IReadOnlyList<Incident>>> Incidents(Gate gate) => Held(gate, token => _store.Incidents.StartedInAsync(T0, T0.AddDays(1), null, null, token));

    private AnswerSnapshots<string, T> Answers<T>(RecomputeTurns turns) => new(Policy, _store.Time, () => _store.Database.Writes, turns: turns);

    [Fact]
    public async Task An_incidents_recompute_waits_for_a_running_uptime_recompute_in_flight_for_its_question_and_a_read_past_ApiWait_gets_the_last_snapshot()
    {
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(30), .. Downs(10), .. Ups(20)]);
        var turns = new RecomputeTurns(1);
        using var uptime = Answers<UptimeReport>(turns);
        using var incidents = Answers<IReadOnlyList<Incident>>(turns);
        var first = new Gate();
        first.Release.SetResult();
        var kept = await incidents.GetAsync("30d", Incidents(first), CancellationToken.None);
        Assert.Single(kept.Value);

        // Ingest commits an outage; the uptime question's first computation runs, held, and the incidents recompute waits its turn.
        await _store.ProbeAsync("web", T0.AddHours(1), Minute, [.. Downs(5), .. Ups(5)]);
        _store.Time.Advance(TimeSpan.FromSeconds(20));
        var kpiGate = new Gate();
        var incidentGate = new Gate();
        var kpi = uptime.GetAsync("org", Kpis(kpiGate), CancellationToken.None);
        await kpiGate.Started.Task;
        var waiting = incidents.GetAsync("30d", Incidents(incidentGate), CancellationToken.None);
        var alongside = incidents.GetAsync("30d", Incidents(new Gate()), CancellationToken.None);
        Assert.Equal((1, 1, 1, 0), (turns.Taken, uptime.Running, incidents.Running, incidentGate.Computations));

        // The read waited ApiWait as today and got the last snapshot; the recompute is still waiting for its turn.
        _store.Time.Advance(Policy.Wait);
        var stale = await waiting;
        Assert.Equal((true, 1, 22L), (stale.Stale, stale.Value.Count, stale.AgeSeconds(_store.Time.GetUtcNow())));
        Assert.True((await alongside).Stale);
        Assert.Equal((1, 0), (incidents.Running, incidentGate.Computations));

        // The uptime computation ends and gives its turn to the incidents recompute, which starts and reads then.
        kpiGate.Release.SetResult();
        Assert.Single((await kpi).Value.Rows);
        await incidentGate.Started.Task;
        _store.Time.Advance(TimeSpan.FromSeconds(3));
        incidentGate.Release.SetResult();
        // Current if the recompute has ended, else waited for (the clock stands still): either way its answer, timed from its turn.
        var fresh = await incidents.GetAsync("30d", Incidents(new Gate()), CancellationToken.None);
        Assert.Equal((false, 2, 1), (fresh.Stale, fresh.Value.Count, incidentGate.Computations));
        Assert.Equal(_store.Time.GetUtcNow() - TimeSpan.FromSeconds(3), fresh.ComputedAt);
        Assert.Equal((1, 0, 0), (_most, turns.Taken, incidents.Running));
    }

    [Fact]
    public async Task With_two_turns_two_recomputes_run_at_once_and_the_third_starts_when_one_ends()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(60));
        var turns = new RecomputeTurns(2);
        using var uptime = Answers<UptimeReport>(turns);
        using var incidents = Answers<IReadOnlyList<Incident>>(turns);
        var (a, b, c) = (new Gate(), new Gate(), new Gate());
        var first = uptime.GetAsync("org", Kpis(a), CancellationToken.None);
        var second = uptime.GetAsync("org 7d", Kpis(b), CancellationToken.None);
        await Task.WhenAll(a.Started.Task, b.Started.Task);
        var third = incidents.GetAsync("30d", Incidents(c), CancellationToken.None);
        Assert.Equal((2, 2, 1, 0), (turns.Taken, uptime.Running, incidents.Running, c.Computations));

        b.Release.SetResult();
        await second;
        await c.Started.Task;
        c.Release.SetResult();
        a.Release.SetResult();
        await Task.WhenAll(first, third);
        Assert.Equal((2, 0), (_most, turns.Taken));
    }

    [Fact]
    public async Task Disposing_answers_gives_back_the_turn_of_their_running_recompute_and_one_cancelled_while_waiting_takes_none()
    {
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(30), .. Downs(10), .. Ups(20)]);
        var turns = new RecomputeTurns(1);
        using var incidents = Answers<IReadOnlyList<Incident>>(turns);
        var (running, waiting, next) = (new Gate(), new Gate(), new Gate());
        var uptime = Answers<UptimeReport>(turns);
        var cancelled = uptime.GetAsync("org", Kpis(running), CancellationToken.None);
        await running.Started.Task;
        var incident = incidents.GetAsync("30d", Incidents(next), CancellationToken.None);
        var other = Answers<UptimeReport>(turns);
        var neverRun = other.GetAsync("org", Kpis(waiting), CancellationToken.None);
        Assert.Equal((1, 1, 1), (turns.Taken, incidents.Running, other.Running));

        // The queued recompute is cancelled while it waits (no turn taken), then the running one: its turn goes to the incidents.
        other.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => neverRun);
        uptime.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await next.Started.Task;
        next.Release.SetResult();
        Assert.Single((await incident).Value);
        Assert.Equal((0, 0, 1), (waiting.Computations, turns.Taken, _most));
    }

    [Fact]
    public void An_ApiMaxConcurrentRecomputes_below_one_is_refused_naming_the_key()
    {
        var options = new UptimeKpiOptions { ApiMaxConcurrentRecomputes = 0 };
        var refused = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        Assert.Contains("Insights:Uptime:ApiMaxConcurrentRecomputes", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, new UptimeKpiOptions().ApiMaxConcurrentRecomputes);
    }
}
