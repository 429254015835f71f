namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Which process pulls a configured source this round. In cluster mode every silo runs the scheduled pulls against the
/// same checkpoint grains; without this, two silos would fetch and store the same window at once. The host's
/// implementation in cluster mode is a PostgreSQL session advisory lock per source (<c>PostgresPullLock</c>), so a
/// silo that dies drops its locks with its connection and another silo pulls the source on its next round. Never
/// waits: a source another silo is pulling is skipped this round (it resumes from the shared checkpoint next time).
/// Embedded mode registers none: one process, nothing to exclude.
/// </summary>
public interface IPullLock
{
    /// <summary>The held lock on <paramref name="source"/> (dispose to release), or null while another silo holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string source, CancellationToken cancellationToken);
}
