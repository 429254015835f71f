namespace Platform.Insights.Ingest.Grains;

/// <summary>The file an import is about: kind (metrics, logs, billing), where it was read from, its size.</summary>
[GenerateSerializer, Immutable]
public sealed record ImportDescriptor(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Path,
    [property: Id(2)] long Bytes);
