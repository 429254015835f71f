using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// The DORA four keys of one service, team or the org over a window, each with the count it was computed from and its
/// band. <see cref="DeploymentFrequency"/> is DevLake's headline figure: the median number of deployment days per week.
/// </summary>
public sealed record DoraRow
{
    public required UptimeScope Scope { get; init; }
    public required string Name { get; init; }
    public string? Team { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    public required DoraBenchmarks Benchmarks { get; init; }
    public required long Services { get; init; }
    public required long Deployments { get; init; }
    public required long DeploymentDays { get; init; }
    public double? DeploymentFrequency { get; init; }
    public double? DeploymentDaysPerMonth { get; init; }
    public double? DeploymentDaysPerSixMonths { get; init; }
    public double? LeadTimeHours { get; init; }
    public required long LeadTimeCount { get; init; }
    public double? ChangeFailureRate { get; init; }
    public required long FailedDeployments { get; init; }
    public double? FailedDeploymentRecoveryHours { get; init; }
    public required long RecoveryCount { get; init; }
    public double? TimeToRestoreHours { get; init; }
    public required long RestoreCount { get; init; }
    public required long Incidents { get; init; }
    public required DoraBands Bands { get; init; }
}
