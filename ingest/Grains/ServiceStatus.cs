namespace Platform.Insights.Ingest.Grains;

/// <summary>A service's latest known state, as its grain holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceStatus
{
    [Id(0)] public required string Service { get; init; }
    /// <summary>Latest <c>probe_success</c> / <c>up</c> sample: true up, false down, null never probed.</summary>
    [Id(1)] public bool? Up { get; init; }
    [Id(2)] public DateTimeOffset? LastProbeAt { get; init; }
    [Id(3)] public DateTimeOffset? LastSampleAt { get; init; }
    [Id(4)] public OpenIncident? OpenIncident { get; init; }
    [Id(5)] public DeploymentSummary? LastDeployment { get; init; }
    [Id(6)] public long SeriesCount { get; init; }
    [Id(7)] public long SamplesStored { get; init; }
    [Id(8)] public long EventsStored { get; init; }
    [Id(9)] public long DuplicatesDropped { get; init; }
    [Id(10)] public DateTimeOffset? LastEventAt { get; init; }
    /// <summary>Samples accepted and waiting for their group's store commit (the grain's own queue depth).</summary>
    [Id(11)] public long SamplesPending { get; init; }
}
