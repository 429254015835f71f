using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>Where the query pull keeps checkpoints and sends samples (<see cref="GrainPullStore"/>; tests use a fake).</summary>
public interface IPullStore
{
    Task<QueryCheckpoint?> LoadCheckpointAsync(string query, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(string query, QueryCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Stores samples already split by service: one call per service; duplicates are dropped by the receiver.</summary>
    Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<MetricSample>> byService, CancellationToken cancellationToken);
}
