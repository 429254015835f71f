using System.Collections.Concurrent;

namespace Platform.Insights.Ingest.Sources;

/// <summary>The last outcome of every pulled Elasticsearch source, for <c>/readyz</c> (degraded while one's last pull failed).</summary>
public sealed class ElasticsearchPullStatus
{
    private readonly ConcurrentDictionary<string, ElasticsearchPullResult> _last = new(StringComparer.Ordinal);

    public void Record(ElasticsearchPullResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _last[result.Source] = result;
    }

    public IReadOnlyList<ElasticsearchPullResult> Last => [.. _last.Values.OrderBy(r => r.Source, StringComparer.Ordinal)];

    /// <summary>The sources whose last pull failed, with why.</summary>
    public IReadOnlyList<string> Problems => [.. Last.Where(r => r.Outcome == PullOutcome.Failed).Select(r => $"{r.Source}: {r.Error}")];
}
