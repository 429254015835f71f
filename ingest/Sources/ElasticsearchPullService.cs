using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Ingest.Sources;

/// <summary>The scheduled Elasticsearch pull in <c>insights serve</c> (<see cref="ScheduledPull"/>): every configured source each round.</summary>
public sealed class ElasticsearchPullService(
    ElasticsearchSource source,
    TimeProvider time,
    ILogger<ElasticsearchPullService> logger,
    IHostApplicationLifetime? lifetime = null) : ScheduledPull(time, logger, lifetime)
{
    protected override string Upstream => "Elasticsearch";

    protected override string? Configured => source.Options.Sources.Count == 0 ? null : $"{source.Options.Sources.Count} sources";

    protected override string Target => string.Join(", ", source.Options.NodeUrls);

    protected override TimeSpan Interval => source.Options.Interval;

    protected override Task RoundAsync(CancellationToken cancellationToken) => source.PullAllAsync(cancellationToken);
}
