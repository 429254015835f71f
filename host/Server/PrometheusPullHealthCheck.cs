using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Server;

/// <summary>Degraded (still ready) while a pulled Prometheus query's last pull failed or was refused as bad.</summary>
public sealed class PrometheusPullHealthCheck(PrometheusPullStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = status.Problems;
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{status.Last.Count} pulled queries")
            : HealthCheckResult.Degraded($"Prometheus pull: {string.Join("; ", problems)}"));
    }
}
