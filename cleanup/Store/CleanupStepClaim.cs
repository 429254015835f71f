namespace Platform.Insights.Cleanup.Store;

/// <summary>The outcome of claiming a step: this worker runs it, it is done already, or another worker is running it.</summary>
public enum CleanupStepClaim
{
    Claimed,
    Done,
    InProgress,
}
