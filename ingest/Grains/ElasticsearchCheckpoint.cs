namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Where an Elasticsearch source stopped. A pull reads the window [<see cref="From"/>, <see cref="To"/>) of the
/// timestamp field; <see cref="SearchAfter"/> is the sort of the last document stored (a JSON array of
/// <c>search_after</c> values, null before the first page). <see cref="Complete"/>: the window was read to its end, so
/// the next pull starts at <see cref="To"/>; otherwise it resumes this window after <see cref="SearchAfter"/>.
/// A different <see cref="Fingerprint"/> (indices, filter, sort) starts over from the backfill window.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ElasticsearchCheckpoint(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] string? SearchAfter,
    [property: Id(4)] bool Complete,
    [property: Id(5)] long Documents,
    [property: Id(6)] DateTimeOffset UpdatedAt);
