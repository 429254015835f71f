namespace Platform.Insights.Ingest.Grains;

/// <summary>The closing counts of one file import.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ImportCounts(
    [property: Id(0)] long Read,
    [property: Id(1)] long Stored,
    [property: Id(2)] long Duplicates,
    [property: Id(3)] long Rejected);
