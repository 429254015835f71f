namespace Platform.Insights.Analytics.Store;

/// <summary>
/// DuckDB invalidated the store's instance (a checkpoint failed, typically on a full disk) and it could not be reopened
/// yet. An <see cref="IOException"/>, so ingest treats it like a full disk: 503 + Retry-After, the sender resends later.
/// </summary>
public sealed class StoreInvalidatedException : IOException
{
    public StoreInvalidatedException()
    {
    }

    public StoreInvalidatedException(string message) : base(message)
    {
    }

    public StoreInvalidatedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StoreInvalidatedException(string directory, string reason, Exception innerException)
        : base($"the store in {directory} must be reopened: DuckDB invalidated it after a failed checkpoint ({reason}); what was committed is in its WAL, and it is reopened at the next write", innerException)
    {
        Reason = reason;
    }

    /// <summary>The failed checkpoint's own words.</summary>
    public string? Reason { get; }
}
