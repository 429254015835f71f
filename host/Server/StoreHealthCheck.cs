using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Host.Server;

/// <summary>
/// Ready when the store answers a query and can be written: not while the last store transaction failed on the file
/// system (disk full, read-only — until one commits again), nor while a probe file cannot be written into the data
/// directory (a read-only mount fails this even when no ingest has been tried). While the store is not writable the check
/// first tries it again (an empty commit, reopening a database DuckDB invalidated after a failed checkpoint): a pod out of
/// readiness gets no ingest, so waiting for the next write would keep it out for good.
/// </summary>
public sealed class StoreHealthCheck(InsightsDatabase database, StoreWriter writer) : IHealthCheck
{
    private const string ProbeFile = ".write-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (writer.Unwritable is not null || database.Invalidated is not null)
        {
            await database.RecoverAsync(cancellationToken);
            await writer.ProbeAsync(cancellationToken);
        }
        if (database.Invalidated is { } invalidated)
        {
            return HealthCheckResult.Unhealthy($"store not writable: DuckDB invalidated the database in {database.Directory} after a failed checkpoint ({invalidated}) and it cannot be reopened yet; ingest answers 503 until it is");
        }
        try
        {
            using var connection = database.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store does not answer", e);
        }
        if (writer.Unwritable is { } reason)
        {
            return HealthCheckResult.Unhealthy($"store not writable: the last write into {database.Directory} failed ({reason}); ingest answers 503 until one commits");
        }
        try
        {
            var probe = Path.Combine(database.Directory, ProbeFile);
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"store not writable: {database.Directory} refuses a file ({e.Message})");
        }
        return HealthCheckResult.Healthy($"schema v{database.SchemaVersion} at {database.FilePath}");
    }
}
