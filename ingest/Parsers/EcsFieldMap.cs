namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Translates a document's field names to the ECS names <see cref="EcsEventReader"/> reads, from
/// <see cref="EcsFieldNames"/>. A field moved elsewhere is no longer read under its ECS name (a document may carry an
/// unrelated <c>message</c> when the configured message field is <c>log.original</c>).
/// </summary>
public sealed class EcsFieldMap
{
    private const string Ignored = "";
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public EcsFieldMap(EcsFieldNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (configured, ecs, _) in names.Pairs())
        {
            if (configured != ecs)
            {
                byName.TryAdd(ecs, Ignored);
            }
        }
        foreach (var (configured, ecs, _) in names.Pairs())
        {
            if (configured != ecs)
            {
                byName[configured] = ecs;
            }
        }
        _lookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
        IsIdentity = byName.Count == 0 && names.Labels == "labels";
        TimestampName = names.Timestamp;
        LabelsPrefix = names.Labels + ".";
    }

    /// <summary>True when every field has its ECS name (the reader then does no lookups).</summary>
    public bool IsIdentity { get; }

    public string TimestampName { get; }

    /// <summary>The labels object's name with a trailing dot.</summary>
    public string LabelsPrefix { get; }

    /// <summary>The ECS name of a document field: the field itself unless it was configured elsewhere.</summary>
    public ReadOnlySpan<char> Canonical(ReadOnlySpan<char> name) =>
        _lookup.TryGetValue(name, out var ecs) ? ecs.AsSpan() : name;
}
