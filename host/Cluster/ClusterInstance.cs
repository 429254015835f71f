namespace Platform.Insights.Host.Cluster;

/// <summary>How this process is named in the cluster's shared ledgers: host and process id, unique among live silos.</summary>
public static class ClusterInstance
{
    public static string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}
