using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// The compaction schedule of <c>insights serve</c> in cluster mode: every <see cref="LakeOptions.CompactionInterval"/>
/// on the injected clock, one <see cref="LakeCompactor.CompactAllAsync"/> pass. Every silo runs it; the partition
/// locks make each partition's compaction happen once.
/// </summary>
public sealed partial class LakeCompactionService(LakeCompactor compactor, IOptions<LakeOptions> options, TimeProvider time,
    ILogger<LakeCompactionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CompactionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await compactor.CompactAllAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogFailed(logger, failure);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake compaction pass failed; the next pass tries again")]
    private static partial void LogFailed(ILogger logger, Exception failure);
}
