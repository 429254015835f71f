namespace Platform.Insights.Ingest.Sinks;

/// <summary>One row of the import ledger.</summary>
[GenerateSerializer, Immutable]
public sealed record ImportRecord(
    [property: Id(0)] string ImportId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Path,
    [property: Id(3)] long Bytes,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? CompletedAt,
    [property: Id(6)] string Status,
    [property: Id(7)] long Read,
    [property: Id(8)] long Stored,
    [property: Id(9)] long Duplicates,
    [property: Id(10)] long Rejected);
