namespace Platform.Insights.Cleanup.Execution;

/// <summary>What one cleanup step does to a resource. The ladder uses Notify … Delete; Start and RestoreReplicas are undo only.</summary>
public enum CleanupAction
{
    Notify,
    Stop,
    ScaleToZero,
    Snapshot,
    Verify,
    Delete,
    Start,
    RestoreReplicas,
}
