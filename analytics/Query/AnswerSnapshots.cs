namespace Platform.Insights.Analytics.Query;

/// <summary>
/// API answers kept per question and served from the last computed snapshot while a recompute runs, so a read's latency is
/// bounded by <see cref="AnswerSnapshotOptions.Wait"/> however long the computation takes — a KPI query scans every sample of
/// its windows, and under saturating ingest it shares the cores with decoding and appends (RELIABILITY.md §5.5: p99 79 s).
/// A snapshot is current while no store write committed since its computation started (<paramref name="writes"/>) and it
/// is younger than <see cref="AnswerSnapshotOptions.FreshFor"/>; otherwise the read starts the recompute — one per question
/// at a time, shared by every read that arrives meanwhile — and waits for it up to <c>Wait</c>: on a quiet store that is the
/// fresh answer, past it the last snapshot (marked <see cref="AnswerSnapshot{TValue}.Stale"/>, its age told). When the
/// recompute is known to be late (the question's last computation took longer than <c>Wait</c>, or the running one already
/// has), a snapshot younger than <see cref="AnswerSnapshotOptions.ServeStaleFor"/> is served at once instead, the recompute
/// left running for the next read: under saturating ingest every write makes the snapshot not current and every recompute
/// outlasts <c>Wait</c>, so waiting only added <c>Wait</c> to each read for the same stale answer (RELIABILITY.md §5.10),
/// while a quick recompute is still waited for, so a lightly written store keeps answering with fresh numbers. A question
/// asked for the first time, or whose snapshot is older than <see cref="AnswerSnapshotOptions.MaxAge"/>, waits for the
/// computation. A failed recompute keeps the last snapshot; a read that waited gets the failure.
/// The key must hold everything the answer depends on — the caller's team limit included, so no team is served another's.
/// </summary>
public sealed class AnswerSnapshots<TKey, TValue> : IDisposable
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly AnswerSnapshotOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<long> _writes;
    private readonly Action<string>? _served;
    private readonly Action<Exception>? _failed;
    private readonly Action<TimeSpan>? _computed;
    private readonly RecomputeTurns? _turns;

    /// <param name="writes">A count that grows with every committed store write (<c>InsightsDatabase.Writes</c>).</param>
    /// <param name="served">Told how each read was answered: current, computed, recomputing (stale at once) or stale (after the wait).</param>
    /// <param name="failed">Told each computation that failed (a read that waited for it gets the exception too).</param>
    /// <param name="computed">Told how long each successful computation took (from its turn on).</param>
    /// <param name="turns">Shared with other snapshots: a recompute waits for a turn before it computes (null: none waits).</param>
    public AnswerSnapshots(AnswerSnapshotOptions options, TimeProvider time, Func<long> writes, Action<string>? served = null, Action<Exception>? failed = null,
        Action<TimeSpan>? computed = null, RecomputeTurns? turns = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        _options = options;
        _time = time;
        _writes = writes;
        _served = served;
        _failed = failed;
        _computed = computed;
        _turns = turns;
    }

    /// <summary>Recomputations in flight now, running or waiting for their turn (one at most per question).</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Count(e => e.Flight is not null);
            }
        }
    }

    /// <summary>
    /// The answer to <paramref name="key"/>: current, freshly computed, or the last snapshot — at once while it is younger than
    /// <c>ServeStaleFor</c> and the recompute is known to be late, else when the recompute turns out late.
    /// </summary>
    /// <param name="compute">Computes the answer; runs on the thread pool, cancelled only when this is disposed (not by one reader leaving).</param>
    public async Task<AnswerSnapshot<TValue>> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        AnswerSnapshot<TValue>? last;
        Task<Computed> flight;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                Forget();
                entry = new Entry();
                _entries[key] = entry;
            }
            var now = _time.GetUtcNow();
            if (entry.Last is { } known && known.Writes == _writes() && now - known.Snapshot.ComputedAt < _options.FreshFor)
            {
                _served?.Invoke("current");
                return known.Snapshot;
            }
            last = entry.Last is { } kept && now - kept.Snapshot.ComputedAt < _options.MaxAge ? kept.Snapshot : null;
            // Known to be late: the question's last computation outlasted the wait, or the running one already has.
            var late = entry.LastTook >= _options.Wait || (entry.Flight is not null && now - entry.FlightStarted >= _options.Wait);
            flight = entry.Flight ?? Start(entry, compute);
            if (late && last is not null && now - last.ComputedAt < _options.ServeStaleFor)
            {
                _served?.Invoke("recomputing");
                return last with { Stale = true };
            }
        }
        if (last is null)
        {
            var computed = await flight.WaitAsync(cancellationToken);
            _served?.Invoke("computed");
            return computed.Snapshot;
        }
        try
        {
            var computed = await flight.WaitAsync(_options.Wait, _time, cancellationToken);
            _served?.Invoke("computed");
            return computed.Snapshot;
        }
        catch (TimeoutException)
        {
            _served?.Invoke("stale");
            return last with { Stale = true };
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && flight.IsFaulted)
        {
            // The recompute failed (counted where it ran): the last snapshot is still the best answer there is.
            _served?.Invoke("stale");
            return last with { Stale = true };
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Starts a computation of the entry's question and makes it the entry's flight; under the lock.</summary>
    private Task<Computed> Start(Entry entry, Func<CancellationToken, Task<TValue>> compute)
    {
        // Taken before the computation reads: a write committed while it runs makes its result not current.
        var writes = _writes();
        var started = _time.GetUtcNow();
        var token = _stopping.Token;
        // On the thread pool: DuckDB runs a query synchronously inside its async calls, which would otherwise hold the
        // reader's request for the whole computation before the wait below could give up on it.
        var flight = Task.Run(() => ComputeAsync(entry, compute, writes, started, token), token);
        // A recompute nobody waits for (its reads were answered at once) still has its failure observed: counted, not rethrown later.
        _ = flight.ContinueWith(static f => f.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        entry.Flight = flight;
        entry.FlightStarted = started;
        return flight;
    }

    /// <summary>
    /// Runs one computation and records its end in the entry before the flight completes, so whoever awaited the flight
    /// finds its answer kept and no flight running. Only one flight per entry runs at a time (a new one starts only when
    /// none is set), so clearing it unconditionally is safe; the lock also orders this after <see cref="Start"/>'s caller.
    /// A computation that waited for its turn takes the write count and its start again when the turn comes, as that is when
    /// it reads; one cancelled (disposal) while it waits takes no turn, and a turn is given back however the computation ends.
    /// </summary>
    private async Task<Computed> ComputeAsync(Entry entry, Func<CancellationToken, Task<TValue>> compute, long writes, DateTimeOffset started, CancellationToken token)
    {
        try
        {
            using var turn = _turns is null ? null : await _turns.TakeAsync(token);
            if (turn is not null)
            {
                writes = _writes();
                started = _time.GetUtcNow();
            }
            var clock = _time.GetTimestamp();
            var computed = new Computed(new AnswerSnapshot<TValue>(await compute(token), started, Stale: false), writes);
            var took = _time.GetElapsedTime(clock);
            _computed?.Invoke(took);
            lock (_lock)
            {
                entry.LastTook = took;
                if (entry.Last is null || entry.Last.Snapshot.ComputedAt <= computed.Snapshot.ComputedAt)
                {
                    entry.Last = computed;
                }
                entry.Flight = null;
            }
            return computed;
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                entry.Flight = null;
            }
            if (e is not OperationCanceledException)
            {
                _failed?.Invoke(e);
            }
            throw;
        }
    }

    /// <summary>At capacity: forgets the question computed longest ago that is not being recomputed; under the lock.</summary>
    private void Forget()
    {
        if (_entries.Count < _options.Capacity)
        {
            return;
        }
        var oldest = _entries.Where(e => e.Value.Flight is null)
            .OrderBy(e => e.Value.Last?.Snapshot.ComputedAt ?? DateTimeOffset.MinValue)
            .Select(e => (KeyValuePair<TKey, Entry>?)e)
            .FirstOrDefault();
        if (oldest is { } found)
        {
            _entries.Remove(found.Key);
        }
    }

    private sealed record Computed(AnswerSnapshot<TValue> Snapshot, long Writes);

    private sealed class Entry
    {
        public Computed? Last { get; set; }

        public Task<Computed>? Flight { get; set; }

        /// <summary>When <see cref="Flight"/> started.</summary>
        public DateTimeOffset FlightStarted { get; set; }

        /// <summary>How long the last successful computation took (null: none yet).</summary>
        public TimeSpan? LastTook { get; set; }
    }
}
