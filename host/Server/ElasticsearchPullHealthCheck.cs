using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Server;

/// <summary>Degraded (still ready) while a pulled Elasticsearch source's last pull failed.</summary>
public sealed class ElasticsearchPullHealthCheck(ElasticsearchPullStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = status.Problems;
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{status.Last.Count} pulled sources")
            : HealthCheckResult.Degraded($"Elasticsearch pull: {string.Join("; ", problems)}"));
    }
}
