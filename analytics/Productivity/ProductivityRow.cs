using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// The seed's platform KPIs of one service, team or the org over a window, with the baseline they are compared with:
/// CI health, development cycle time, environment setup time and self-service share, platform adoption and error logs.
/// Durations in hours (cycle time) or minutes (builds, setup); shares and changes as fractions.
/// </summary>
public sealed record ProductivityRow
{
    public required UptimeScope Scope { get; init; }
    public required string Name { get; init; }
    public string? Team { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    public required DateTime BaselineFrom { get; init; }
    public required DateTime BaselineTo { get; init; }
    public required long Services { get; init; }
    public required long AdoptedServices { get; init; }
    public double? ServiceAdoption { get; init; }
    public required long Teams { get; init; }
    public required long AdoptedTeams { get; init; }
    public double? TeamAdoption { get; init; }
    public bool? AdoptionTargetMet { get; init; }
    public required long Builds { get; init; }
    public required long BuildsFailed { get; init; }
    public double? BuildSuccessRate { get; init; }
    public required double BuildsPerDay { get; init; }
    public double? BuildP50Minutes { get; init; }
    public double? BuildP95Minutes { get; init; }
    public required long CycleTimeCount { get; init; }
    public double? CycleTimeHours { get; init; }
    public required long BaselineCycleTimeCount { get; init; }
    public double? BaselineCycleTimeHours { get; init; }
    public double? CycleTimeChange { get; init; }
    public bool? CycleTimeTargetMet { get; init; }
    public required long Setups { get; init; }
    public double? SetupP50Minutes { get; init; }
    public double? SetupP95Minutes { get; init; }
    public required long BaselineSetups { get; init; }
    public double? BaselineSetupP50Minutes { get; init; }
    public double? BaselineSetupP95Minutes { get; init; }
    public double? SetupTimeChange { get; init; }
    public bool? SetupTimeTargetMet { get; init; }
    public double? SelfServiceShare { get; init; }
    public bool? SelfServiceTargetMet { get; init; }
    public required long LogLines { get; init; }
    public required long ErrorLogs { get; init; }
    public double? ErrorLogShare { get; init; }
    public required double ErrorLogsPerHour { get; init; }
}
