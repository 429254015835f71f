namespace Platform.Insights.Ingest.Sources;

/// <summary>Progress of one query's pull after each stored request.</summary>
public sealed record QueryPullProgress(string Query, int Request, int Requests, long Received, long Stored, long CheckpointMs);
