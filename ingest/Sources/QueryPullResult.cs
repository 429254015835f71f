namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// What one pull of one query did: its window (Unix ms), requests, series, points and where its checkpoint is. Every
/// point received is stored or counted once: <see cref="Duplicates"/> (after the checkpoint, already stored),
/// <see cref="Dropped"/> (NaN) or <see cref="Reread"/> (re-read in the overlap before the checkpoint, already stored).
/// </summary>
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
    string? Error,
    long Reread = 0);
