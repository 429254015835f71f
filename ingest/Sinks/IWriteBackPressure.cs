namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// How full the store writer's bounded queue is: a push source (remote write) asks before it accepts a request,
/// and answers "retry later" instead of piling more waiting work on a store that has fallen behind.
/// </summary>
public interface IWriteBackPressure
{
    /// <summary>Share of the write queue in use, 0 (idle) to 1 (full: new writes wait).</summary>
    double QueueFill { get; }

    /// <summary>
    /// Why the data directory cannot be written now — the last store transaction failed on the file system (disk full,
    /// read-only) — or null once a transaction commits again. A push source answers such a failure 503 + Retry-After.
    /// </summary>
    string? Unwritable => null;
}
