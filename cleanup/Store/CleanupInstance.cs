namespace Platform.Insights.Cleanup.Store;

/// <summary>The process (host/pid) written beside step phases, claims and audit rows, so the audit shows which silo did what.</summary>
public static class CleanupInstance
{
    public static string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}
