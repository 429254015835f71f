using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>Where the Elasticsearch pull keeps checkpoints and sends events (<see cref="GrainEventPullStore"/>; tests use a fake).</summary>
public interface IEventPullStore
{
    Task<ElasticsearchCheckpoint?> LoadCheckpointAsync(string source, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(string source, ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Stores events already split by service: one call per service; duplicates are dropped by the receiver.</summary>
    Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<LogEvent>> byService, CancellationToken cancellationToken);
}
