namespace Platform.Insights.Ingest.Grains;

/// <summary>The checkpoint of one pulled Elasticsearch source (key: the source's name).</summary>
public interface IElasticsearchCheckpointGrain : IGrainWithStringKey
{
    Task<ElasticsearchCheckpoint?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the checkpoint durably before returning (the pull saves it after each page is stored).</summary>
    Task SaveAsync(ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
