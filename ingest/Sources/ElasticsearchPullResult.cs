using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// What one pull of one Elasticsearch source did: its window, pages, documents received / stored / duplicates /
/// <see cref="Invalid"/> (not stored: unreadable or breaking the delivery-event rules, per reason in
/// <see cref="RejectedByReason"/>), shard failures and points in time reopened on the way, the first rejected documents,
/// and where its checkpoint is.
/// </summary>
public sealed record ElasticsearchPullResult(
    string Source,
    PullOutcome Outcome,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Pages,
    long Received,
    long Stored,
    long Duplicates,
    long Invalid,
    int ShardFailures,
    int PointInTimeReopened,
    DateTimeOffset? Checkpoint,
    IReadOnlyList<ParseError> Errors,
    string? Error,
    IReadOnlyDictionary<string, long>? RejectedByReason = null);
