using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The pull's store in the silo: checkpoints in <see cref="IQueryCheckpointGrain"/>, samples through
/// <see cref="IServiceGrain.IngestMetricsAsync"/> one call per service, in parallel, as the file import and remote write do.
/// </summary>
public sealed class GrainPullStore(IGrainFactory grains) : IPullStore
{
    public Task<QueryCheckpoint?> LoadCheckpointAsync(string query, CancellationToken cancellationToken) =>
        grains.GetGrain<IQueryCheckpointGrain>(query).GetAsync(cancellationToken);

    public Task SaveCheckpointAsync(string query, QueryCheckpoint checkpoint, CancellationToken cancellationToken) =>
        grains.GetGrain<IQueryCheckpointGrain>(query).SaveAsync(checkpoint, cancellationToken);

    public async Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<MetricSample>> byService, CancellationToken cancellationToken)
    {
        var calls = byService.Select(pair => grains.GetGrain<IServiceGrain>(pair.Key).IngestMetricsAsync([.. pair.Value], cancellationToken));
        return (await Task.WhenAll(calls)).Aggregate(default(IngestResult), IngestResult.Add);
    }
}
