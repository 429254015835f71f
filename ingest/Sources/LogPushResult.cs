using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// What one pushed NDJSON body came to: lines read, events stored, duplicates, bad lines (the first ones named) and the bad
/// lines per reason (<see cref="DropReasons"/>).
/// </summary>
public sealed record LogPushResult(
    long Lines, long Stored, long Duplicates, long Rejected, IReadOnlyList<ParseError> Errors, IReadOnlyDictionary<string, long> RejectedByReason);
