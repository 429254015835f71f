namespace Platform.Insights.Ingest.Grains;

/// <summary>The latest deployment event of a service.</summary>
[GenerateSerializer, Immutable]
public sealed record DeploymentSummary(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Environment,
    [property: Id(2)] string? Version,
    [property: Id(3)] string? Outcome);
