using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// What an import run did: a summary per file and, for billing, the delivery's commit (what it added and which
/// periods it restated) or why nothing of it was stored.
/// </summary>
public sealed record ImportRun(IReadOnlyList<ImportSummary> Files, BillingCommit? Billing, string? Failure);
