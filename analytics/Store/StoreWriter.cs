using System.Threading.Channels;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The store writer: service grains hand it batches, it gathers whatever is queued into one DuckDB
/// transaction (Appender), and completes each caller's task once that transaction commits — so an
/// acknowledgement always means durable, and many small calls cost one commit. The bounded queue is the
/// back-pressure: when the store falls behind, callers wait instead of memory growing. In cluster mode the rows go
/// to the shared Parquet lake instead (<c>StoreWriter.Lake.cs</c>).
/// </summary>
public sealed partial class StoreWriter : IMetricSink, ILogSink, IWriteBackPressure, IAsyncDisposable
{
    private readonly InsightsDatabase _database;
    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreWriter> _logger;
    private readonly StoreMeters _meters;
    private readonly Channel<WriteRequest> _queue;
    private readonly Task _loop;
    private readonly HashSet<ulong> _knownSeries = [];
    private readonly Lake.LakeWriter? _lake;
    private readonly IStoreWriteFault? _fault;
    private bool _seriesLoaded;
    private volatile string? _unwritable;

    public StoreWriter(
        InsightsDatabase database, IOptions<StoreOptions> options, TimeProvider time, StoreMeters meters, ILogger<StoreWriter> logger,
        Lake.LakeWriter? lake = null, IStoreWriteFault? fault = null)
    {
        _lake = lake;
        _fault = fault;
        _database = database;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _meters = meters;
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(_options.WriteQueueLength) { SingleReader = true });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Share of the bounded queue in use (1 = full: the next caller waits).</summary>
    public double QueueFill => (double)_queue.Reader.Count / _options.WriteQueueLength;

    /// <summary>
    /// The file system's reason the last transaction failed (disk full, read-only, a checkpoint that invalidated the
    /// database), until one commits again.
    /// </summary>
    public string? Unwritable => _unwritable;

    /// <summary>
    /// While <see cref="Unwritable"/>: commits an empty transaction through the queue (reopening an invalidated database
    /// first), so readiness can see the store heal without waiting for ingest — which a pod out of readiness does not get.
    /// Returns the reason it is still not writable, or null.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_unwritable is null)
        {
            return null;
        }
        try
        {
            await EnqueueAsync(new ProbeWrite(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && StoreWriteFailure.IsFileSystem(e))
        {
            // Recorded in _unwritable by the loop.
        }
        return _unwritable;
    }

    public Task AppendAsync(string service, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken) =>
        EnqueueAsync(new MetricWrite(service, samples, null), cancellationToken);

    public Task AppendAsync(string service, IReadOnlyList<SeriesSamples> series, CancellationToken cancellationToken) =>
        EnqueueAsync(new MetricWrite(service, null, series), cancellationToken);

    public async Task<IReadOnlyList<LogEvent>> AppendAsync(string service, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken)
    {
        var request = new LogWrite(service, events);
        await EnqueueAsync(request, cancellationToken);
        return request.Stored;
    }

    public async Task<IReadOnlyDictionary<ulong, long>> LoadWatermarksAsync(string service, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Store/series_watermarks.sql");
        command.Parameters.Add(new DuckDBParameter("service", service));
        var result = new Dictionary<ulong, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[Convert.ToUInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = reader.GetInt64(1);
        }
        return result;
    }

    private async Task EnqueueAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(request, cancellationToken);
        _meters.Queued(1);
        await request.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var pending = new List<WriteRequest>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            pending.Clear();
            var rows = 0;
            long bytes = 0;
            // Bounded by rows and by bytes: a log row carries its whole document, and DuckDB keeps a transaction's rows
            // in memory until the commit, so a row count alone lets a backlog of log writes make one huge transaction.
            while (rows < _options.WriteBatchRows && bytes < _options.WriteBatchBytes && _queue.Reader.TryRead(out var request))
            {
                pending.Add(request);
                rows += request.Rows;
                bytes += request.Bytes;
                _meters.Queued(-1);
            }
            if (Lingers(pending, rows, bytes))
            {
                (rows, bytes) = await LingerAsync(pending, rows, bytes);
            }
            var started = _time.GetTimestamp();
            try
            {
                await _database.WriteAsync(connection => Commit(connection, pending), CancellationToken.None);
                _meters.TransactionTime(_time.GetElapsedTime(started));
                _unwritable = null;
                _meters.Transaction(committed: true);
                _meters.Committed("metric_samples", pending.OfType<MetricWrite>().Sum(m => m.Rows));
                _meters.Committed("log_events", pending.OfType<LogWrite>().Sum(l => l.Stored.Count));
                foreach (var request in pending)
                {
                    request.Done.TrySetResult();
                }
                LogCommitted(_logger, pending.Count, rows);
            }
            catch (Exception failure)
            {
                _meters.Transaction(committed: false);
                LogWriteFailed(_logger, failure, pending.Count, rows);
                _seriesLoaded = false;
                // A full or read-only data directory is the operator's to fix, and the caller's to retry: say which directory.
                var told = failure;
                if (failure is StoreInvalidatedException invalidated)
                {
                    // Told as it is: the write may have reached the WAL before the checkpoint failed, so "rolled back" would not be true.
                    _unwritable = $"DuckDB invalidated the database after a failed checkpoint: {invalidated.Reason}";
                }
                else if (StoreWriteFailure.IsFileSystem(failure))
                {
                    _unwritable = StoreWriteFailure.Describe(failure);
                    told = StoreUnwritableException.For(_database.Directory, failure);
                }
                foreach (var request in pending)
                {
                    request.Done.TrySetException(told);
                }
            }
        }
    }

    private void Commit(DuckDBConnection connection, List<WriteRequest> requests)
    {
        if (_lake is not null)
        {
            CommitToLake(connection, _lake, requests);
            return;
        }
        EnsureSeriesLoaded(connection);
        // BEGIN and COMMIT through WriterStatement: the COMMIT's task (WAL write, fsync, automatic checkpoint) is waited on
        // without spinning when a DuckDB worker runs it (BENCHMARKS.md §35).
        WriterStatement.Execute(connection, "BEGIN TRANSACTION");
        try
        {
            Append(connection, requests);
            _fault?.ThrowIfFailing(_database.Directory);
        }
        catch
        {
            Rollback(connection);
            throw;
        }
        CommitAppended(connection);
    }

    /// <summary>Puts the batch's rows in the open transaction: metric samples (and new series), then log events.</summary>
    private void Append(DuckDBConnection connection, List<WriteRequest> requests)
    {
        var newSeries = _newSeries = [];
        var metrics = requests.OfType<MetricWrite>().ToList();
        if (metrics.Count > 0)
        {
            using var rows = new MetricRows(connection, _knownSeries, newSeries, _time.GetUtcNow().UtcDateTime);
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
            var stored = LogRows.Append(connection, logs.Select(l => (l.Service, l.Events)).ToList());
            for (var i = 0; i < logs.Count; i++)
            {
                logs[i].Stored = stored[i];
            }
        }
    }

    private void EnsureSeriesLoaded(DuckDBConnection connection)
    {
        if (_seriesLoaded)
        {
            return;
        }
        _knownSeries.Clear();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT series_id FROM metric_series";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _knownSeries.Add(Convert.ToUInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        _seriesLoaded = true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Store writer committed {Requests} requests, {Rows} rows")]
    private static partial void LogCommitted(ILogger logger, int requests, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store writer transaction of {Requests} requests ({Rows} rows) failed and was rolled back; callers were told and may retry")]
    private static partial void LogWriteFailed(ILogger logger, Exception failure, int requests, int rows);

    private abstract class WriteRequest
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public abstract int Rows { get; }

        /// <summary>An estimate of the row text this request puts in the transaction (for <see cref="StoreOptions.WriteBatchBytes"/>).</summary>
        public abstract long Bytes { get; }
    }

    /// <summary>Samples as rows (file imports) or as columns (remote write): exactly one of the two is set.</summary>
    private sealed class MetricWrite(string service, IReadOnlyList<MetricSample>? samples, IReadOnlyList<SeriesSamples>? series) : WriteRequest
    {
        public string Service { get; } = service;

        public IReadOnlyList<MetricSample>? Samples { get; } = samples;

        public IReadOnlyList<SeriesSamples>? Series { get; } = series;

        private int _rows = -1;

        /// <summary>
        /// Counted on first use, by the store writer's thread: it walks these series again to append them right after, so
        /// the caller (a service grain) does not pay a pass over objects it no longer has in its cache.
        /// </summary>
        public override int Rows => _rows >= 0 ? _rows : _rows = Samples?.Count ?? Count(Series!);

        private static int Count(IReadOnlyList<SeriesSamples> series)
        {
            var rows = 0;
            for (var i = 0; i < series.Count; i++)
            {
                rows += series[i].Count;
            }
            return rows;
        }

        public override long Bytes => Rows * 64L;
    }

    /// <summary>No rows: an empty transaction that tells whether the store commits again (<see cref="ProbeAsync"/>).</summary>
    private sealed class ProbeWrite : WriteRequest
    {
        public override int Rows => 0;

        public override long Bytes => 0;
    }

    private sealed class LogWrite(string service, IReadOnlyList<LogEvent> events) : WriteRequest
    {
        public string Service { get; } = service;

        public IReadOnlyList<LogEvent> Events { get; } = events;

        public IReadOnlyList<LogEvent> Stored { get; set; } = [];

        public override int Rows => Events.Count;

        public override long Bytes { get; } = events.Sum(LogRows.EstimatedBytes);
    }
}
