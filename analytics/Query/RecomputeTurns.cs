namespace Platform.Insights.Analytics.Query;

/// <summary>
/// At most <see cref="Count"/> answer recomputes running at a time across the <see cref="AnswerSnapshots{TKey, TValue}"/>
/// that share it: each KPI recompute sorts every sample of its windows and alone reaches DuckDB's memory limit, so several
/// at once sort on disk and cost ~50 % more CPU than the same statements one after another (BENCHMARKS.md §38, §39). A
/// recompute waiting for its turn is still its question's one recompute in flight; reads are served as the snapshot policy says.
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
