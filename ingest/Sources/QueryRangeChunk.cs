namespace Platform.Insights.Ingest.Sources;

/// <summary>One <c>query_range</c> request: evaluations at <see cref="StartMs"/>, +step, … up to <see cref="EndMs"/> (both included).</summary>
public readonly record struct QueryRangeChunk(long StartMs, long EndMs, int Points);
