namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// A Backstage <c>Component</c>: one service. It belongs to a team through <c>spec.owner</c>.
/// Every component is treated as a service whatever its <see cref="Type"/> (service, website, library…);
/// callers that care filter on <see cref="Type"/>.
/// </summary>
public sealed record CatalogComponent
{
    public required string Name { get; init; }

    public string Namespace { get; init; } = EntityRef.DefaultNamespace;

    /// <summary><c>spec.owner</c> exactly as written, e.g. <c>group:default/payments</c> or <c>user:jane</c>.</summary>
    public required string OwnerRef { get; init; }

    /// <summary>
    /// The owning team: the owner's name when the owner is a Group (or the reference has no kind, since
    /// Backstage defaults owners to Group). Null when a User or another kind owns the service, because a
    /// person is not a team and cost or KPIs must not be attributed to a made-up team.
    /// </summary>
    public string? Team { get; init; }

    /// <summary><c>spec.type</c>, e.g. service, website, library.</summary>
    public string? Type { get; init; }

    /// <summary><c>spec.lifecycle</c>, e.g. production, experimental, deprecated.</summary>
    public string? Lifecycle { get; init; }

    /// <summary>The name of the System in <c>spec.system</c>, normalised from its entity reference.</summary>
    public string? System { get; init; }

    public string? Description { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>All of <c>metadata.annotations</c>, keys as written (case-sensitive, as in Backstage).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The typed <c>insights.platform/*</c> annotations, validated when the file was parsed.</summary>
    public ServiceSettings Settings { get; init; } = ServiceSettings.None;

    public required string SourceFile { get; init; }

    /// <summary>1-based line where this entity's document starts.</summary>
    public long Line { get; init; }
}
