namespace Platform.Insights.Host.Cluster;

/// <summary>What <c>insights db init</c> did with one file: applied now, or already applied with the same content.</summary>
public sealed record ClusterMigrationResult(string Name, bool Applied);
