namespace Platform.Insights.Ingest.Grains;

/// <summary>The checkpoint of one pulled Prometheus query (key: the query's name), in grain storage.</summary>
public interface IQueryCheckpointGrain : IGrainWithStringKey
{
    Task<QueryCheckpoint?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the checkpoint durably before returning (the pull saves it after the samples are stored).</summary>
    Task SaveAsync(QueryCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
