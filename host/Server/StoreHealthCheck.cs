using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Host.Server;

/// <summary>Ready when the store answers a query.</summary>
public sealed class StoreHealthCheck(InsightsDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = database.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"schema v{database.SchemaVersion} at {database.FilePath}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store does not answer", e);
        }
    }
}
