namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// An explicit window for a one-off pull (<c>insights pull prometheus --from --to</c>). A null end is "now minus the
/// configured lag"; a null start resumes from the query's checkpoint (or the backfill window).
/// </summary>
public sealed record PullWindow(DateTimeOffset? From, DateTimeOffset? To);
