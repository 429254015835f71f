using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// A billing delivery's per-file summaries, and its commit (null when nothing was committed: every file was already
/// imported, or a file failed — then <paramref name="Failure"/> says so).
/// </summary>
public sealed record BillingDeliveryResult(IReadOnlyList<ImportSummary> Files, BillingCommit? Commit, string? Failure);
