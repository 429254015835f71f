using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The closing line of one file import: what was read, stored, dropped as duplicate, rejected (in all and per reason, <see cref="DropReasons"/>).
/// <paramref name="InputAtFault"/> marks a <see cref="ImportOutcome.Failed"/> import whose file itself is broken (a gzip cut short or corrupt):
/// fixing the file, not retrying, is the remedy, so the CLI exits 2 (bad input) rather than 1.
/// </summary>
public sealed record ImportSummary(
    string File,
    string Kind,
    string ImportId,
    ImportOutcome Outcome,
    long Read,
    long Stored,
    long Duplicates,
    long Rejected,
    IReadOnlyList<ParseError> Errors,
    TimeSpan Elapsed,
    string? Message = null,
    IReadOnlyDictionary<string, long>? RejectedByReason = null,
    bool InputAtFault = false);
