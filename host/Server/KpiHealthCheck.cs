using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Dashboards.Kpis;
using Platform.Insights.Host.Cli;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The KPI gauges' part of <c>/readyz</c>: Degraded (still 200 — ingest and the API are ready) while there are no KPI
/// values to export yet (a first start before its first computation ends) or the last computation failed; Healthy,
/// saying how old the values are, once they are computed or restored from the last run's snapshot.
/// </summary>
public sealed class KpiHealthCheck(KpiGauges gauges, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (gauges.ComputedAt is not { } computedAt)
        {
            return Task.FromResult(gauges.LastRefreshFailed
                ? HealthCheckResult.Degraded("KPI gauges: the first computation failed (see the log); no KPI series on /metrics, retrying at the next refresh")
                : HealthCheckResult.Degraded("KPI gauges: first computation running; no KPI series on /metrics until it ends"));
        }
        var age = UptimeCells.Duration(Math.Max(0, (time.GetUtcNow() - computedAt).TotalMinutes));
        var at = computedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (gauges.LastRefreshFailed)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"KPI gauges: the last computation failed; serving the values computed at {at} ({age} old)"));
        }
        return Task.FromResult(gauges.IsRestored
            ? HealthCheckResult.Healthy($"KPI gauges: serving the last run's snapshot computed at {at} ({age} old) while refreshing")
            : HealthCheckResult.Healthy($"KPI gauges computed at {at} ({age} old)"));
    }
}
