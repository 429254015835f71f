using DuckDB.NET.Data;
using Platform.Insights.Analytics.Lake;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Cluster mode's commit: the queued samples become Apache Arrow record batches straight from the records
/// (<see cref="SampleBatches"/>); new series and log events go through staging tables of the store tables' shape
/// (temporary tables of the write connection, filled by the same appenders, where the duplicate rules run in SQL) and
/// are read from them into Arrow batches (<see cref="LakeBatches"/>); ParquetSharp writes one Parquet file per kind and
/// date under a temporary name, and they are renamed into the lake; callers are completed after the renames. Nothing goes into this silo's
/// <c>metric_samples</c> / <c>metric_series</c> / <c>log_events</c>: the lake is the store, and the write connection reads
/// <c>metric_series</c> and <c>log_events</c> through the lake's views, so the duplicate rules (known series, a log
/// event id already stored at the same @timestamp) hold against every silo's rows, not this silo's only.
/// Samples have no duplicate check here, as in the embedded store: the service grain's watermarks are the rule, and on
/// activation and after a failed append the grain reloads them from this store, i.e. from the lake.
/// </summary>
public sealed partial class StoreWriter
{
    private void CommitToLake(DuckDBConnection connection, LakeWriter lake, List<WriteRequest> requests)
    {
        lake.Views.Define(connection, [LakeKind.Series, LakeKind.Logs]);
        EnsureSeriesLoaded(connection);
        Execute(connection, """
            DROP TABLE IF EXISTS lake_series; CREATE TEMP TABLE lake_series AS SELECT * FROM metric_series WITH NO DATA;
            DROP TABLE IF EXISTS lake_logs; CREATE TEMP TABLE lake_logs AS SELECT * FROM log_events WITH NO DATA;
            """);
        var newSeries = new List<ulong>();
        var staged = new List<LakeFile>();
        using var samples = new SampleBatches();
        try
        {
            var metrics = requests.OfType<MetricWrite>().ToList();
            if (metrics.Count > 0)
            {
                using var rows = new MetricRows(connection, _knownSeries, newSeries, _time.GetUtcNow().UtcDateTime, samples, "lake_series");
                foreach (var metric in metrics)
                {
                    if (metric.Series is { } series)
                    {
                        rows.Append(metric.Service, series);
                    }
                    else
                    {
                        rows.Append(metric.Service, metric.Samples!);
                    }
                }
                rows.Close();
            }
            var logs = requests.OfType<LogWrite>().ToList();
            if (logs.Count > 0)
            {
                var stored = LogRows.Append(connection, logs.Select(l => (l.Service, l.Events)).ToList(), "lake_logs");
                for (var i = 0; i < logs.Count; i++)
                {
                    logs[i].Stored = stored[i];
                }
            }
            // Series before samples: a reader that sees a sample can find its series.
            staged.AddRange(lake.Stage(connection, LakeKind.Series, "lake_series"));
            staged.AddRange(lake.Stage(LakeKind.Metrics, samples.Build()));
            staged.AddRange(lake.Stage(connection, LakeKind.Logs, "lake_logs"));
            lake.Publish(staged);
        }
        catch
        {
            LakeWriter.Discard(staged.Where(f => File.Exists(f.TemporaryPath)));
            _knownSeries.ExceptWith(newSeries);
            throw;
        }
        finally
        {
            // Dropped rather than kept: an in-memory temporary table would hold every batch's rows for the life of the process.
            Execute(connection, "DROP TABLE IF EXISTS lake_series; DROP TABLE IF EXISTS lake_logs; DROP TABLE IF EXISTS log_staging;");
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
