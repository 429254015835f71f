namespace Platform.Insights.Ingest.Catalog;

/// <summary>A Backstage <c>Group</c>: a team (or an org unit above teams, per <see cref="Type"/>).</summary>
public sealed record CatalogGroup
{
    public required string Name { get; init; }

    public string Namespace { get; init; } = EntityRef.DefaultNamespace;

    /// <summary><c>spec.profile.displayName</c>, else <c>metadata.title</c>.</summary>
    public string? Title { get; init; }

    /// <summary><c>spec.type</c>, e.g. team, business-unit, product-area, root.</summary>
    public string? Type { get; init; }

    /// <summary>The parent group's name from <c>spec.parent</c>, normalised from its entity reference.</summary>
    public string? Parent { get; init; }

    /// <summary>Child group names from <c>spec.children</c>, normalised.</summary>
    public IReadOnlyList<string> Children { get; init; } = [];

    public string? Description { get; init; }

    public required string SourceFile { get; init; }

    /// <summary>1-based line where this entity's document starts.</summary>
    public long Line { get; init; }
}
