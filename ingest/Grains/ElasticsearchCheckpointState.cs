namespace Platform.Insights.Ingest.Grains;

/// <summary>What an <see cref="ElasticsearchCheckpointGrain"/> persists.</summary>
[GenerateSerializer]
public sealed class ElasticsearchCheckpointState
{
    [Id(0)] public ElasticsearchCheckpoint? Current { get; set; }
}
