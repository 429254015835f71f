namespace Platform.Insights.Ingest.Sources;

/// <summary>What a remote write request came to, in the spec's terms (the HTTP status follows from it).</summary>
public enum RemoteWriteStatus
{
    /// <summary>Everything valid was stored (duplicates and stale markers are counted, not errors): 204.</summary>
    Stored,

    /// <summary>The body does not decode, or some series/samples are invalid (the valid ones were stored): 400, never retried.</summary>
    BadRequest,

    /// <summary>Over a size limit: 413, never retried.</summary>
    TooLarge,

    /// <summary>The store is behind: 503 with Retry-After; nothing was taken, the sender retries.</summary>
    Overloaded,

    /// <summary>Storing failed: 500; the sender retries and the grains' watermarks drop what was already stored.</summary>
    Failed,
}
