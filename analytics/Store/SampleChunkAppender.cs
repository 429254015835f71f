using Platform.Insights.Analytics.Lake;
using System.Text;
using DuckDBConnection = DuckDB.NET.Data.DuckDBConnection;
using DuckDB.NET.Native;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Appends sample rows by filling DuckDB data chunks directly (the C API's <c>duckdb_append_data_chunk</c>):
/// timestamps and values are written into the vectors as numbers. DuckDB.NET's row Appender boxes through a writer per
/// value; on remote write's column batches this path costs a fraction of that. Two row shapes, told apart by the
/// table's column count: the store's <c>metric_points</c> <c>(series_id, ts, value)</c>, and the lake's staging table
/// of <c>metric_samples</c>' columns <c>(service, metric, series_id, ts, value)</c>, whose strings are encoded to
/// UTF-8 once per series rather than once per row. Rows go into the caller's transaction like the Appender's.
/// </summary>
internal sealed unsafe class SampleChunkAppender : ISampleSink
{
    // Unix ms that DateTime (what the row path converted through) can hold; outside it the row path threw too.
    private static readonly long MinMs = (long)(DateTime.MinValue - DateTime.UnixEpoch).TotalMilliseconds;
    private static readonly long MaxMs = (long)(DateTime.MaxValue - DateTime.UnixEpoch).TotalMilliseconds;
    private readonly DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly int _capacity = (int)NativeMethods.Helpers.DuckDBVectorSize();
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private readonly string _table;
    private readonly bool _named;
    private int _rows;
    private ulong* _ids;
    private long* _micros;
    private double* _doubles;

    public SampleChunkAppender(DuckDBConnection connection, string table = "metric_points")
    {
        _table = table;
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null, table, out _appender) != DuckDBState.Success)
        {
            var message = Error();
            _appender.Dispose();
            throw new InvalidOperationException($"could not create an appender on {table}: {message}");
        }
        var columns = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        if (columns is not (3 or 5))
        {
            _appender.Dispose();
            throw new InvalidOperationException($"{table} has {columns} columns: samples go to (series_id, ts, value) or (service, metric, series_id, ts, value)");
        }
        _named = columns == 5;
        var types = new DuckDBLogicalType[columns];
        try
        {
            for (var i = 0; i < columns; i++)
            {
                types[i] = NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)i);
            }
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. types.Select(t => t.DangerousGetHandle())], (ulong)columns);
        }
        finally
        {
            foreach (var type in types)
            {
                type?.Dispose();
            }
        }
    }

    /// <summary>Appends one series' samples: <c>(series_id, ts, value)</c> per sample, with service and metric first when the table has them.</summary>
    public void Append(string service, string metric, ulong seriesId, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
    {
        var serviceBytes = _named ? Utf8(service) : [];
        var metricBytes = _named ? Utf8(metric) : [];
        var done = 0;
        while (done < timestampsMs.Length)
        {
            var take = Math.Min(_capacity - _rows, timestampsMs.Length - done);
            Fill(serviceBytes, metricBytes, seriesId, timestampsMs.Slice(done, take), values.Slice(done, take));
            done += take;
            if (_rows == _capacity)
            {
                Flush();
            }
        }
    }

    /// <summary>Appends what is buffered and closes the appender (rows are then in the transaction).</summary>
    public void Close()
    {
        Flush();
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
        {
            throw new InvalidOperationException($"appending to {_table} failed: {Error()}");
        }
    }

    public void Dispose()
    {
        _chunk.Dispose();
        _appender.Dispose();
    }

    private void Fill(byte[] service, byte[] metric, ulong seriesId, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
    {
        if (_rows == 0)
        {
            // Once per chunk, not per series: a request of single-sample series would make six native calls a row.
            var first = _named ? 2 : 0;
            _ids = (ulong*)NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, first));
            _micros = (long*)NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, first + 1));
            _doubles = (double*)NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, first + 2));
        }
        var ids = _ids;
        var micros = _micros;
        var doubles = _doubles;
        if (_named)
        {
            var serviceVector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 0);
            var metricVector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 1);
            fixed (byte* servicePointer = service)
            fixed (byte* metricPointer = metric)
            {
                for (var i = 0; i < timestampsMs.Length; i++)
                {
                    var row = (ulong)(_rows + i);
                    NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(serviceVector, row, servicePointer, service.Length);
                    NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(metricVector, row, metricPointer, metric.Length);
                }
            }
        }
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            var row = (ulong)(_rows + i);
            var ms = timestampsMs[i];
            if (ms < MinMs || ms > MaxMs)
            {
                throw new ArgumentOutOfRangeException(nameof(timestampsMs), ms, "timestamp (Unix ms) outside the range a TIMESTAMP column takes here");
            }
            ids[row] = seriesId;
            micros[row] = ms * 1000;
            doubles[row] = values[i];
        }
        _rows += timestampsMs.Length;
    }

    private void Flush()
    {
        if (_rows == 0)
        {
            return;
        }
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_rows);
        var state = NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk);
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        _rows = 0;
        if (state != DuckDBState.Success)
        {
            throw new InvalidOperationException($"appending to {_table} failed: {Error()}");
        }
    }

    private byte[] Utf8(string text)
    {
        if (!_utf8.TryGetValue(text, out var bytes))
        {
            _utf8[text] = bytes = Encoding.UTF8.GetBytes(text);
        }
        return bytes;
    }

    private string Error()
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(_appender);
        return NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
    }
}
