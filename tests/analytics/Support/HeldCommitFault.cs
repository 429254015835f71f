using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>
/// A store commit that can be held at the point DuckDB would commit (so a test sees what waits behind it) and made to
/// fail as a full disk does; counts the transactions that reached it.
/// </summary>
public sealed class HeldCommitFault : IStoreWriteFault, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private volatile string? _failure;
    private volatile TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _commits;

    /// <summary>Transactions that reached the commit (committed or not).</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Completes once a transaction is held at the commit.</summary>
    public Task Reached => _reached.Task;

    public void Hold()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Reset();
    }

    public void Release() => _open.Set();

    public void DiskFull() => _failure = "No space left on device";

    public void Recover() => _failure = null;

    public void ThrowIfFailing(string directory)
    {
        Interlocked.Increment(ref _commits);
        if (!_open.IsSet)
        {
            _reached.TrySetResult();
            // The store writer's own thread waits here, as it would on a slow disk; bounded so a broken test cannot hang.
            _open.Wait(TimeSpan.FromSeconds(60));
        }
        if (_failure is { } failure)
        {
            throw new IOException($"Could not write file \"{Path.Combine(directory, "insights.duckdb.wal")}\": {failure}");
        }
    }

    public void Dispose() => _open.Dispose();
}
