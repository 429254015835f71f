namespace Platform.Insights.Ingest.Grains;

/// <summary>What a <see cref="ServiceGrain"/> persists (grain storage in the data directory).</summary>
[GenerateSerializer]
public sealed class ServiceState
{
    /// <summary>Last accepted timestamp (Unix ms) per series id: samples at or before it are duplicates.</summary>
    [Id(0)] public Dictionary<ulong, long> Watermarks { get; set; } = [];
    [Id(1)] public bool? Up { get; set; }
    [Id(2)] public long? LastProbeMs { get; set; }
    [Id(3)] public long? LastSampleMs { get; set; }
    [Id(4)] public OpenIncident? OpenIncident { get; set; }
    [Id(5)] public DeploymentSummary? LastDeployment { get; set; }
    [Id(6)] public long SamplesStored { get; set; }
    [Id(7)] public long EventsStored { get; set; }
    [Id(8)] public long DuplicatesDropped { get; set; }
    [Id(9)] public DateTimeOffset? LastEventAt { get; set; }
}
