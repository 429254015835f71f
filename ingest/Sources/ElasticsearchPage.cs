namespace Platform.Insights.Ingest.Sources;

/// <summary>One answered <c>_search</c> page: the point in time to use next, and its documents in sort order.</summary>
public sealed record ElasticsearchPage(string? PointInTimeId, IReadOnlyList<ElasticsearchHit> Hits);
