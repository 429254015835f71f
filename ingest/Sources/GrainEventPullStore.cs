using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The Elasticsearch pull's store in the silo: checkpoints in <see cref="IElasticsearchCheckpointGrain"/>, events through
/// <see cref="IServiceGrain.IngestLogsAsync"/> one call per service, in parallel, as the NDJSON import does.
/// </summary>
public sealed class GrainEventPullStore(IGrainFactory grains) : IEventPullStore
{
    public Task<ElasticsearchCheckpoint?> LoadCheckpointAsync(string source, CancellationToken cancellationToken) =>
        grains.GetGrain<IElasticsearchCheckpointGrain>(source).GetAsync(cancellationToken);

    public Task SaveCheckpointAsync(string source, ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken) =>
        grains.GetGrain<IElasticsearchCheckpointGrain>(source).SaveAsync(checkpoint, cancellationToken);

    public async Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<LogEvent>> byService, CancellationToken cancellationToken)
    {
        var calls = byService.Select(pair => grains.GetGrain<IServiceGrain>(pair.Key).IngestLogsAsync([.. pair.Value], cancellationToken));
        return (await Task.WhenAll(calls)).Aggregate(default(IngestResult), IngestResult.Add);
    }
}
