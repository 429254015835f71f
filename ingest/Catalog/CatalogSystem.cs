namespace Platform.Insights.Ingest.Catalog;

/// <summary>A Backstage <c>System</c>: a collection of components that together expose a capability.</summary>
public sealed record CatalogSystem
{
    public required string Name { get; init; }

    public string Namespace { get; init; } = EntityRef.DefaultNamespace;

    /// <summary><c>spec.owner</c> exactly as written.</summary>
    public required string OwnerRef { get; init; }

    /// <summary>The owning group's name; null when a User (or another non-group kind) owns the system.</summary>
    public string? Owner { get; init; }

    /// <summary>The Domain in <c>spec.domain</c>, normalised from its entity reference.</summary>
    public string? Domain { get; init; }

    public string? Description { get; init; }

    public required string SourceFile { get; init; }

    /// <summary>1-based line where this entity's document starts.</summary>
    public long Line { get; init; }
}
