using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The upstreams (Prometheus, Elasticsearch, Grafana, SMTP, webhooks) on <c>/readyz</c>: Degraded, naming each one,
/// while its breaker is open or half-open or its last attempt failed; Healthy otherwise. Degraded answers 200: an
/// upstream's outage is not this pod's fault — a readiness 503 would take it out of its Service and stop remote write and
/// the API too, and restarting it (liveness, <c>/healthz</c>, checks nothing external) would not bring Elasticsearch back.
/// </summary>
public sealed class UpstreamsHealthCheck(Upstreams upstreams) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = upstreams.All;
        var problems = all.Select(Problem).OfType<string>().ToList();
        var data = all.ToDictionary(u => u.Name, u => (object)u.Circuit.ToString());
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(all.Count == 0 ? "no upstream called yet" : $"{all.Count} upstreams answer", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }

    private static string? Problem(Upstream upstream)
    {
        var failing = upstream.FailingSince;
        var why = failing is null ? "" : $" (last failure {failing.At:u}: {failing.Reason}: {failing.Detail})";
        return upstream.Circuit switch
        {
            CircuitState.Open or CircuitState.Isolated => $"{upstream.Name}: circuit open, calls refused{why}",
            CircuitState.HalfOpen => $"{upstream.Name}: circuit half-open, probing{why}",
            _ when failing is not null => $"{upstream.Name}: last attempt failed{why}",
            _ => null,
        };
    }
}
