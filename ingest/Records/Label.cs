namespace Platform.Insights.Ingest.Records;

/// <summary>One Prometheus label pair. Series keep their labels sorted by name.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Label([property: Id(0)] string Name, [property: Id(1)] string Value);
