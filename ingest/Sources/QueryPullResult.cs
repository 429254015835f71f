namespace Platform.Insights.Ingest.Sources;

/// <summary>What one pull of one query did: its window (Unix ms), requests, series, points and where its checkpoint is.</summary>
public sealed record QueryPullResult(
    string Query,
    PullOutcome Outcome,
    long StartMs,
    long EndMs,
    int Requests,
    long Series,
    long Received,
    long Stored,
    long Duplicates,
    long Dropped,
    long? CheckpointMs,
    string? Error);
