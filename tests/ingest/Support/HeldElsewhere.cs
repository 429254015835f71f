using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>A cluster's pull locks as one silo sees them: the named sources are held by another silo, the rest are free.</summary>
public sealed class HeldElsewhere(params string[] held) : IPullLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string source, CancellationToken cancellationToken) =>
        Task.FromResult(held.Contains(source, StringComparer.Ordinal) ? null : (IAsyncDisposable?)new Released());

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
