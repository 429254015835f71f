using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>The end of the store writer's transaction: COMMIT (then a checkpoint when due), or ROLLBACK after a failure.</summary>
public sealed partial class StoreWriter
{
    /// <summary>Series the open transaction added to <see cref="_knownSeries"/>: forgotten again if it does not commit.</summary>
    private List<ulong> _newSeries = [];

    private void CommitAppended(DuckDBConnection connection)
    {
        try
        {
            WriterStatement.Execute(connection, "COMMIT");
        }
        catch
        {
            Rollback(connection);
            throw;
        }
        finally
        {
            _newSeries = [];
        }
        if (CheckpointDue())
        {
            Checkpoint(connection);
        }
    }

    /// <summary>
    /// Ends a transaction that failed. A failed COMMIT has already ended it (DuckDB rolls back, or invalidates the instance),
    /// so a ROLLBACK then fails too: that failure is not the one to report.
    /// </summary>
    private void Rollback(DuckDBConnection connection)
    {
        _knownSeries.ExceptWith(_newSeries);
        try
        {
            WriterStatement.Execute(connection, "ROLLBACK");
        }
        catch (StoreStatementException)
        {
            // Already ended; the caller throws the original failure.
        }
    }
}
