using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Analytics.Store;

/// <summary>The store writer's own checkpoints (<see cref="Checkpoint"/>).</summary>
public sealed partial class StoreWriter
{
    /// <summary>DuckDB's own automatic checkpoint threshold (<c>checkpoint_threshold</c>, 16 MiB of WAL).</summary>
    private const long CheckpointBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Writes committed rows into the file so DuckDB can let go of them. DuckDB keeps every committed row in memory until a
    /// checkpoint, and skips its automatic one at commit whenever another connection has a transaction open (or this
    /// transaction dropped the log staging table while one is open): during a log import that let memory grow with the
    /// file by up to the whole buffer pool (BENCHMARKS.md §16a). An explicit CHECKPOINT in a statement of its own is not
    /// skipped that way; the rows are already committed, so when it cannot run the next commit simply tries again.
    /// </summary>
    private void Checkpoint(DuckDBConnection connection)
    {
        try
        {
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "CHECKPOINT";
            checkpoint.ExecuteNonQuery();
            _uncheckpointedBytes = 0;
        }
        catch (DuckDBException e)
        {
            LogCheckpointDeferred(_logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Store writer checkpoint deferred to the next commit: {Reason}")]
    private static partial void LogCheckpointDeferred(ILogger logger, string reason);
}
