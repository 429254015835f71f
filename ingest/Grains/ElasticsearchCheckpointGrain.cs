namespace Platform.Insights.Ingest.Grains;

/// <summary>Keeps one Elasticsearch source's checkpoint in grain storage (DuckDB in the host), written on every save.</summary>
public sealed class ElasticsearchCheckpointGrain([PersistentState("elasticsearch")] IPersistentState<ElasticsearchCheckpointState> state)
    : Grain, IElasticsearchCheckpointGrain
{
    public Task<ElasticsearchCheckpoint?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Current);

    public async Task SaveAsync(ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        state.State.Current = checkpoint;
        await state.WriteStateAsync(cancellationToken);
    }
}
