namespace Platform.Insights.Ingest.Catalog;

/// <summary>Everything one catalog file defines. A parse either yields all of it or throws.</summary>
public sealed record CatalogDocumentSet
{
    public required string SourceFile { get; init; }

    public IReadOnlyList<CatalogComponent> Components { get; init; } = [];

    public IReadOnlyList<CatalogGroup> Groups { get; init; } = [];

    public IReadOnlyList<CatalogSystem> Systems { get; init; } = [];

    /// <summary>Entities of other kinds (API, Resource, User, Domain, Location, Template…), counted by kind as written.</summary>
    public IReadOnlyDictionary<string, int> Ignored { get; init; } = new Dictionary<string, int>();

    /// <summary>Number of non-empty YAML documents (entities) in the file, ignored kinds included.</summary>
    public int EntityCount => Components.Count + Groups.Count + Systems.Count + Ignored.Values.Sum();
}
