namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Cluster-wide mutual exclusion for compacting one partition, so each is compacted by one silo at a time. Never
/// waits: a partition another silo holds is skipped this round.
/// </summary>
public interface IPartitionLock
{
    /// <summary>The held lock (dispose to release), or null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string partition, CancellationToken cancellationToken);
}
