namespace Platform.Insights.Cleanup.Execution;

/// <summary>The cleanup state: recent plans, the kill switch, realised monthly savings per currency.</summary>
public sealed record CleanupStatus(
    IReadOnlyList<CleanupPlanStatus> Plans,
    bool KillSwitch,
    string? KillReason,
    IReadOnlyList<CleanupSavings> RealisedSavings);
