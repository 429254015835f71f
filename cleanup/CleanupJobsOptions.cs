namespace Platform.Insights.Cleanup;

/// <summary>Where Hangfire keeps its jobs: SQLite under the data directory (default), PostgreSQL for a cluster, or memory.</summary>
public sealed class CleanupJobsOptions
{
    /// <summary>sqlite, postgresql or memory.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>PostgreSQL connection string (Storage = postgresql).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Plan items per Hangfire job: SQLite storage enqueues ~160 jobs/s, so items travel in batches.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Run the Hangfire server (recurring plans, apply jobs) in <c>insights serve</c>.</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 2;

    internal IEnumerable<string> Validate(string prefix)
    {
        if (Storage is not ("sqlite" or "postgresql" or "memory"))
        {
            yield return $"{prefix}:Storage must be sqlite, postgresql or memory (is '{Storage}')";
        }
        if (Storage == "postgresql" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{prefix}:ConnectionString is required when Storage is postgresql";
        }
        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"{prefix}:BatchSize must be between 1 and 10000";
        }
        if (WorkerCount is < 1 or > 64)
        {
            yield return $"{prefix}:WorkerCount must be between 1 and 64";
        }
    }
}
