using Platform.Insights.Analytics.Lake;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cluster;

/// <summary>
/// <see cref="IPullLock"/> in cluster mode: the same session-level <c>pg_try_advisory_lock</c> compaction takes per
/// partition (<see cref="PostgresPartitionLock"/>), on keys of their own ("insights-pull:" + source), held on a
/// connection of its own for the length of one source's pull. PostgreSQL drops it when that session ends, so a killed
/// silo's pull is taken over by another silo's next round, from the checkpoint the dead one last saved.
/// </summary>
public sealed class PostgresPullLock(string connectionString) : IPullLock
{
    private readonly PostgresPartitionLock _locks = new(connectionString, "insights-pull:");

    public Task<IAsyncDisposable?> TryAcquireAsync(string source, CancellationToken cancellationToken) =>
        _locks.TryAcquireAsync(source, cancellationToken);
}
