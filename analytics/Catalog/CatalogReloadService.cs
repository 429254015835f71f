using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Catalog;

/// <summary>
/// The server's catalog schedule: reads <c>Insights:Catalog:Paths</c> at start and every <c>ReloadInterval</c>
/// (<see cref="CatalogPathsSync"/>). Does nothing when no paths are configured.
/// </summary>
public sealed partial class CatalogReloadService(CatalogPathsSync sync, TimeProvider time, IOptions<CatalogOptions> options, ILogger<CatalogReloadService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first read happens before the server answers, so its first requests already see the configured catalog.
        await ReadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sync.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ReloadInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await ReadAsync(stoppingToken);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sync.SyncAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The store keeps the catalog it had; the next interval tries again.
            ReadFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the configured catalog paths failed; the catalog stays as it was and the next interval retries")]
    private static partial void ReadFailed(ILogger logger, Exception exception);
}
