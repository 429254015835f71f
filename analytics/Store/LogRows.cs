using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Appends log events through a staging table and keeps only event ids not stored yet (and the first
/// of any repeated within the batch), inside the caller's transaction: the store is the final word on duplicates.
/// </summary>
internal static class LogRows
{
    /// <summary>Returns how many events of each batch (by position) were stored: the batch holding an id's first occurrence gets it.</summary>
    public static int[] Append(DuckDBConnection connection, IReadOnlyList<(string Service, IReadOnlyList<LogEvent> Events)> batches)
    {
        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS log_staging AS SELECT 0 AS seq, * FROM log_events WITH NO DATA; DELETE FROM log_staging;");
        var seq = 0;
        var firstBatchOf = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var staging = connection.CreateAppender("log_staging"))
        {
            for (var b = 0; b < batches.Count; b++)
            {
                var (service, events) = batches[b];
                foreach (var e in events)
                {
                    if (e.EventId is not null)
                    {
                        firstBatchOf.TryAdd(e.EventId, b);
                    }
                    staging.CreateRow()
                        .AppendValue(seq++)
                        .AppendValue(e.EventId)
                        .AppendValue(e.Timestamp.UtcDateTime)
                        .AppendValue(service)
                        .AppendValue(e.Environment)
                        .AppendValue(e.ServiceVersion)
                        .AppendValue(e.Action)
                        .AppendValue(e.Outcome)
                        .AppendValue(e.Category)
                        .AppendValue(e.Level)
                        .AppendValue(e.Message)
                        .AppendValue(e.EventStart?.UtcDateTime)
                        .AppendValue(e.EventEnd?.UtcDateTime)
                        .AppendValue(e.DurationNs)
                        .AppendValue(e.LabelsJson)
                        .AppendValue(e.RawJson)
                        .EndRow();
                }
            }
        }

        var stored = new int[batches.Count];
        using var insert = connection.CreateCommand();
        insert.CommandText = StoreSql.Load("Store/insert_new_log_events.sql");
        using var reader = insert.ExecuteReader();
        while (reader.Read())
        {
            stored[firstBatchOf[reader.GetString(0)]]++;
        }
        return stored;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
