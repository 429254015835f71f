using System.Collections.Concurrent;
using Platform.Insights.Analytics.Lake;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>An in-process <see cref="IPartitionLock"/> for tests without PostgreSQL (the real one is tested in the host tests).</summary>
public sealed class ProcessPartitionLock : IPartitionLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable?> TryAcquireAsync(string partition, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(partition, _ => new SemaphoreSlim(1, 1));
        return Task.FromResult<IAsyncDisposable?>(gate.Wait(0, CancellationToken.None) ? new Held(gate) : null);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
