using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Appends log events through a staging table and keeps only event ids not stored yet (and the first
/// of any repeated within the batch), inside the caller's transaction: the store is the final word on duplicates.
/// </summary>
internal static class LogRows
{
    /// <summary>
    /// Returns the events of each batch (by position, in input order) that were stored: an id's first
    /// occurrence is the one stored, in whichever batch it is.
    /// </summary>
    public static List<LogEvent>[] Append(DuckDBConnection connection, IReadOnlyList<(string Service, IReadOnlyList<LogEvent> Events)> batches,
        string target = "log_events")
    {
        // Dropped and re-created each time: DELETE would only mark rows dead, and an in-memory temp table
        // would then keep every batch's raw JSON for the life of the process.
        Execute(connection, "DROP TABLE IF EXISTS log_staging; CREATE TEMP TABLE log_staging AS SELECT 0 AS seq, * FROM log_events WITH NO DATA;");
        var seq = 0;
        var firstOf = new Dictionary<string, (int Batch, int Index)>(StringComparer.Ordinal);
        using (var staging = connection.CreateAppender("log_staging"))
        {
            for (var b = 0; b < batches.Count; b++)
            {
                var (service, events) = batches[b];
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    if (e.EventId is not null)
                    {
                        firstOf.TryAdd(e.EventId, (b, i));
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

        var stored = batches.Select(b => new bool[b.Events.Count]).ToArray();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = StoreSql.Load("Store/insert_new_log_events.sql").Replace("{target}", target, StringComparison.Ordinal);
            using var reader = insert.ExecuteReader();
            while (reader.Read())
            {
                var (batch, index) = firstOf[reader.GetString(0)];
                stored[batch][index] = true;
            }
        }
        return batches.Select((b, n) => b.Events.Where((_, i) => stored[n][i]).ToList()).ToArray();
    }

    /// <summary>The text one event puts in a transaction, roughly (characters of its strings plus the fixed-width columns).</summary>
    public static long EstimatedBytes(LogEvent e) =>
        (e.RawJson?.Length ?? 0) + (e.Message?.Length ?? 0) + (e.LabelsJson?.Length ?? 0) + 128;

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
