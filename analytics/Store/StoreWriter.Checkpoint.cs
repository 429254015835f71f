using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Analytics.Store;

/// <summary>The store writer's own checkpoints (<see cref="Checkpoint"/>).</summary>
public sealed partial class StoreWriter
{
    /// <summary>DuckDB's own automatic checkpoint threshold (<c>checkpoint_threshold</c>, 16 MiB of WAL).</summary>
    private const long CheckpointBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Whether the write-ahead log has grown to DuckDB's own threshold: measured on the file rather than estimated from the
    /// rows, since an estimate is either too high (a metric sample is fewer bytes of WAL than the 64 a row was guessed at, so
    /// the store checkpointed more often than DuckDB itself would — BENCHMARKS.md §20) or
    /// too low (a log row's size varies with its document). A missing file (no commit since the last checkpoint) is empty.
    /// </summary>
    private bool CheckpointDue()
    {
        var wal = new FileInfo(_database.FilePath + ".wal");
        return wal.Exists && wal.Length >= CheckpointBytes;
    }

    /// <summary>
    /// Writes committed rows into the file so DuckDB can let go of them. DuckDB keeps every committed row in memory until a
    /// checkpoint, and skips its automatic one at commit whenever another connection has a transaction open (or this
    /// transaction dropped the log staging table while one is open): during a log import that let memory grow with the
    /// file by up to the whole buffer pool (BENCHMARKS.md §16a). An explicit CHECKPOINT in a statement of its own is not
    /// skipped that way; the rows are already committed, so when it cannot run the next commit simply tries again.
    /// </summary>
    private void Checkpoint(DuckDBConnection connection)
    {
        var started = _time.GetTimestamp();
        try
        {
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "CHECKPOINT";
            checkpoint.ExecuteNonQuery();
            _meters.Checkpointed(_time.GetElapsedTime(started));
        }
        catch (DuckDBException e)
        {
            LogCheckpointDeferred(_logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Store writer checkpoint deferred to the next commit: {Reason}")]
    private static partial void LogCheckpointDeferred(ILogger logger, string reason);
}
