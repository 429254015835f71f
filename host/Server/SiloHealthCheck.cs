using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Ingest.Grains;

namespace Platform.Insights.Host.Server;

/// <summary>Ready when a grain call goes through the embedded silo.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IImportGrain>("_readiness").GetAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("silo answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("silo does not answer", e);
        }
    }
}
