namespace Platform.Insights.Host.Runtime;

/// <summary>How the process runs (<c>Insights:Mode</c>): one embedded silo, or a silo of a PostgreSQL-backed cluster.</summary>
public enum InsightsMode
{
    Embedded,
    Cluster,
}
