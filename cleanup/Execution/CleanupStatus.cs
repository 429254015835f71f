namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// The cleanup state: recent plans, the kill switch, realised monthly savings per currency, and the steps whose undo has
/// not ended — running now, or left by a process that died mid-undo (undo them again to resume).
/// </summary>
public sealed record CleanupStatus(
    IReadOnlyList<CleanupPlanStatus> Plans,
    bool KillSwitch,
    string? KillReason,
    IReadOnlyList<CleanupSavings> RealisedSavings,
    IReadOnlyList<Store.CleanupStepRecord> Undoing);
