using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Cleanup;

/// <summary>
/// Where cleanup's plans, approvals, steps and audit live (<c>Insights:Cleanup:Store</c>): the process's DuckDB store
/// (default, one machine) or PostgreSQL (a cluster: every silo and CLI process shares one plan, one claim per step and
/// one audit chain). Cluster mode sets PostgreSQL and the cluster's connection string unless given here.
/// </summary>
public sealed class CleanupStoreOptions
{
    /// <summary>duckdb or postgresql.</summary>
    public string Kind { get; set; } = "duckdb";

    /// <summary>PostgreSQL connection string (Kind = postgresql); its tables come from <c>insights db init</c>.</summary>
    public string? ConnectionString { get; set; }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (Kind is not ("duckdb" or "postgresql"))
        {
            yield return $"{prefix}:Kind must be duckdb or postgresql (is '{Kind}')";
        }
        if (Kind == "postgresql")
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                yield return $"{prefix}:ConnectionString is required when Kind is postgresql";
            }
            else if (PostgresConnectionString.Problem($"{prefix}:ConnectionString", ConnectionString) is { } problem)
            {
                yield return problem;
            }
        }
    }
}
