using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Reports.History;

/// <summary>
/// Where the report history lives (<c>Insights:Reports:History</c>): the process's DuckDB store and files under its data
/// directory (default, one machine), or PostgreSQL and files under a directory every silo shares (a cluster: a report
/// generated on one silo is listed and served by every other). Cluster mode sets PostgreSQL, the cluster's connection
/// string and <c>LAKE_ROOT/reports</c> unless given here.
/// </summary>
public sealed class ReportHistoryOptions
{
    /// <summary>duckdb or postgresql.</summary>
    public string Kind { get; set; } = "duckdb";

    /// <summary>PostgreSQL connection string (Kind = postgresql); its <c>insights_reports</c> table comes from <c>insights db init</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Kind = postgresql: the absolute directory, shared by every silo, that report folders are written under.</summary>
    public string? SharedDirectory { get; set; }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (Kind is not ("duckdb" or "postgresql"))
        {
            yield return $"{prefix}:Kind must be duckdb or postgresql (is '{Kind}')";
        }
        if (Kind != "postgresql")
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{prefix}:ConnectionString is required when Kind is postgresql";
        }
        else if (PostgresConnectionString.Problem($"{prefix}:ConnectionString", ConnectionString) is { } problem)
        {
            yield return problem;
        }
        if (string.IsNullOrWhiteSpace(SharedDirectory) || !Path.IsPathRooted(SharedDirectory))
        {
            yield return $"{prefix}:SharedDirectory must be an absolute directory every silo shares when Kind is postgresql (is '{SharedDirectory}')";
        }
    }
}
