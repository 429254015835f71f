namespace Platform.Insights.Analytics.Query;

/// <summary>
/// At most <see cref="Count"/> answer recomputes running at a time across the <see cref="AnswerSnapshots{TKey, TValue}"/>
/// that share it, and the KPI gauges' refresh: each KPI computation sorts every sample of its windows and alone reaches
/// DuckDB's memory limit, so several at once spill their sorts to disk (BENCHMARKS.md §39: 532–929 MiB against 5–123 MiB
/// one at a time, at about the same CPU) and the first answer comes later. A recompute waiting for its turn is still its
/// question's one recompute in flight; reads are served as the snapshot policy says. One instance per process (DI singleton).
/// </summary>
public sealed class RecomputeTurns
{
    private readonly SemaphoreSlim _turns;

    public RecomputeTurns(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _turns = new SemaphoreSlim(count, count);
    }

    /// <summary>How many recomputes may run at once.</summary>
    public int Count { get; }

    /// <summary>Turns taken now (recomputes running, not those waiting).</summary>
    public int Taken => Count - _turns.CurrentCount;

    /// <summary>Waits for a turn; disposing the result gives it back (once). Cancelled while waiting, no turn is taken.</summary>
    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);
        return new Turn(_turns);
    }

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private SemaphoreSlim? _turns = turns;

        public void Dispose() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}
