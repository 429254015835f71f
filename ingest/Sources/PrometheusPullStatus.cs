using System.Collections.Concurrent;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The last outcome of every pulled query, for <c>/readyz</c>: the pull is degraded while any query's last pull failed
/// or its query was refused as bad.
/// </summary>
public sealed class PrometheusPullStatus
{
    private readonly ConcurrentDictionary<string, QueryPullResult> _last = new(StringComparer.Ordinal);

    public void Record(QueryPullResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _last[result.Query] = result;
    }

    public IReadOnlyList<QueryPullResult> Last => [.. _last.Values.OrderBy(r => r.Query, StringComparer.Ordinal)];

    /// <summary>The queries whose last pull failed or was skipped as bad, with why.</summary>
    public IReadOnlyList<string> Problems =>
        [.. Last.Where(r => r.Outcome is PullOutcome.Failed or PullOutcome.SkippedBadQuery).Select(r => $"{r.Query}: {r.Error}")];
}
