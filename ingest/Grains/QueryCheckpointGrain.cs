namespace Platform.Insights.Ingest.Grains;

/// <summary>Keeps one query's checkpoint in grain storage (DuckDB in the host), written on every save.</summary>
public sealed class QueryCheckpointGrain([PersistentState("pull")] IPersistentState<QueryCheckpointState> state) : Grain, IQueryCheckpointGrain
{
    public Task<QueryCheckpoint?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Current);

    public async Task SaveAsync(QueryCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        state.State.Current = checkpoint;
        await state.WriteStateAsync(cancellationToken);
    }
}
