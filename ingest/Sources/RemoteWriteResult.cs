namespace Platform.Insights.Ingest.Sources;

/// <summary>The outcome of one remote write request: status, a human-readable message for non-2xx, sample counts.</summary>
public sealed record RemoteWriteResult(RemoteWriteStatus Status, string Message, long Received = 0, long Stored = 0, long Dropped = 0);
