using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest;

/// <summary>One pulled set of indices (<c>Insights:Ingest:Elasticsearch:Sources:N</c>), with its own checkpoint.</summary>
public sealed class ElasticsearchSourceOptions
{
    /// <summary>The checkpoint's key and the <c>source</c> label on <c>/metrics</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Index names, patterns or aliases, e.g. <c>logs-*</c>, <c>deployments</c>.</summary>
    public List<string> IndexPatterns { get; set; } = [];

    /// <summary>An optional filter in Lucene query string syntax (e.g. <c>event.action:(deployment OR incident)</c>).</summary>
    public string? Query { get; set; }

    /// <summary>Where the documents keep the ECS fields (ECS names by default).</summary>
    public EcsFieldNames Fields { get; set; } = new();

    /// <summary>
    /// The second sort key that orders documents with the same timestamp. <c>_shard_doc</c> (default) needs no mapping but
    /// is only stable within one point in time: on a new one the pull re-reads the documents of the last timestamp
    /// (the store drops them as duplicates). A keyword field unique per document (e.g. <c>event.id</c>) resumes exactly.
    /// </summary>
    public string Tiebreaker { get; set; } = "_shard_doc";

    public IEnumerable<string> Problems(string prefix)
    {
        if (!IsName(Name))
        {
            yield return $"{prefix}:Name '{Name}' must be letters, digits, '-', '_' or '.'";
        }
        if (IndexPatterns.Count == 0 || IndexPatterns.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{prefix}:IndexPatterns must name at least one index or pattern and no empty ones";
        }
        if (IndexPatterns.Any(p => p.Contains(',', StringComparison.Ordinal) || p.Contains(' ', StringComparison.Ordinal)))
        {
            yield return $"{prefix}:IndexPatterns: give one index or pattern per entry (no ',' or spaces)";
        }
        if (string.IsNullOrWhiteSpace(Tiebreaker))
        {
            yield return $"{prefix}:Tiebreaker must name a field (default _shard_doc)";
        }
        foreach (var problem in Fields.Problems($"{prefix}:Fields"))
        {
            yield return problem;
        }
    }

    /// <summary>What the checkpoint is valid for: a source that now reads other indices, a filter or sort starts over.</summary>
    public string Fingerprint() =>
        string.Join('\n', string.Join(',', IndexPatterns), Query ?? "", Fields.Timestamp, Tiebreaker);

    internal static bool IsName(string? name) =>
        name is { Length: > 0 and <= 128 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
