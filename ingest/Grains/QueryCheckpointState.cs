namespace Platform.Insights.Ingest.Grains;

/// <summary>What a <see cref="QueryCheckpointGrain"/> persists.</summary>
[GenerateSerializer]
public sealed class QueryCheckpointState
{
    [Id(0)] public QueryCheckpoint? Current { get; set; }
}
