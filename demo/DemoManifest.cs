namespace Platform.Insights.Demo;

/// <summary>
/// Everything <see cref="DemoGenerator"/> wrote and the exact counts a loader must store; also written as
/// <c>demo-manifest.json</c> next to the data.
/// </summary>
public sealed record DemoManifest
{
    public const string FileName = "demo-manifest.json";

    public required int Seed { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public required int Days { get; init; }
    public required IReadOnlyList<DemoFile> Files { get; init; }
    public required long MetricSamples { get; init; }
    public required int MetricSeries { get; init; }
    public required long LogEvents { get; init; }
    public required IReadOnlyList<DemoTeam> Teams { get; init; }
    public required IReadOnlyList<DemoService> Services { get; init; }
    public required IReadOnlyList<DemoResource> Resources { get; init; }
    public required IReadOnlyList<DemoIncident> Incidents { get; init; }
    public required IReadOnlyList<DemoCounterReset> CounterResets { get; init; }
    public required DemoDeploymentSummary Deployments { get; init; }
    public required DemoBillingSummary Billing { get; init; }
    public required DemoCostAnomaly? CostAnomaly { get; init; }
}
