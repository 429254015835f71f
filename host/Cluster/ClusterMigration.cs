namespace Platform.Insights.Host.Cluster;

/// <summary>One embedded DDL file of the cluster schema.</summary>
public sealed record ClusterMigration(string Name, string Sql, string Sha256);
