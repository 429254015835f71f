using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Ingest.Sources;

/// <summary>The scheduled Prometheus query pull in <c>insights serve</c> (<see cref="ScheduledPull"/>): every configured query each round.</summary>
public sealed class PrometheusPullService(
    PrometheusQuerySource source,
    TimeProvider time,
    ILogger<PrometheusPullService> logger,
    IHostApplicationLifetime? lifetime = null) : ScheduledPull(time, logger, lifetime)
{
    protected override string Upstream => "Prometheus";

    protected override string? Configured => source.Options.Queries.Count == 0 ? null : $"{source.Options.Queries.Count} queries";

    protected override string Target => source.Options.Url ?? "";

    protected override TimeSpan Interval => source.Options.Interval;

    protected override Task RoundAsync(CancellationToken cancellationToken) => source.PullAllAsync(cancellationToken);
}
