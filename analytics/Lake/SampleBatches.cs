using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Metric samples as Arrow record batches of <c>metric_samples</c>' columns (service, metric, series_id, ts, value), one
/// per UTC date of the sample time, built straight from the store writer's records: each series' run of samples is
/// copied into the value buffers, its service and metric encoded once, so a batch costs no DuckDB staging table.
/// </summary>
public sealed class SampleBatches : ISampleSink
{
    private const long MillisecondsPerDay = 86_400_000;

    private static readonly LakeColumn[] Columns =
    [
        LakeColumn.For("service", "VARCHAR"),
        LakeColumn.For("metric", "VARCHAR"),
        LakeColumn.For("series_id", "UBIGINT"),
        LakeColumn.For("ts", "TIMESTAMP"),
        LakeColumn.For("value", "DOUBLE"),
    ];

    // The range the embedded store's TIMESTAMP column takes (SampleChunkAppender): the same samples fail in both modes.
    private static readonly long MinMs = (long)(DateTime.MinValue - DateTime.UnixEpoch).TotalMilliseconds;
    private static readonly long MaxMs = (long)(DateTime.MaxValue - DateTime.UnixEpoch).TotalMilliseconds;

    private readonly SortedDictionary<long, Partition> _partitions = [];

    public static Schema Schema { get; } = LakeBatches.Schema(Columns);

    public int Rows { get; private set; }

    public void Append(string service, string metric, ulong seriesId, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
    {
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException("as many values as timestamps", nameof(values));
        }
        foreach (var ms in timestampsMs)
        {
            if (ms < MinMs || ms > MaxMs)
            {
                throw new ArgumentOutOfRangeException(nameof(timestampsMs), ms, "timestamp (Unix ms) outside the range a TIMESTAMP column takes here");
            }
        }
        var serviceBytes = Encoding.UTF8.GetBytes(service);
        var metricBytes = Encoding.UTF8.GetBytes(metric);
        var start = 0;
        while (start < timestampsMs.Length)
        {
            var day = Day(timestampsMs[start]);
            var end = start + 1;
            while (end < timestampsMs.Length && Day(timestampsMs[end]) == day)
            {
                end++;
            }
            if (!_partitions.TryGetValue(day, out var partition))
            {
                partition = new Partition();
                _partitions.Add(day, partition);
            }
            partition.Append(serviceBytes, metricBytes, seriesId, timestampsMs[start..end], values[start..end]);
            Rows += end - start;
            start = end;
        }
    }

    /// <summary>Nothing is buffered beyond the batches themselves: <see cref="Build"/> takes them.</summary>
    public void Close()
    {
    }

    public void Dispose() => _partitions.Clear();

    /// <summary>The batches, one per date, in date order; the builders are emptied.</summary>
    public IReadOnlyList<KeyValuePair<DateOnly, RecordBatch>> Build()
    {
        var batches = _partitions.Select(p => KeyValuePair.Create(
            DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)p.Key), p.Value.Build())).ToList();
        _partitions.Clear();
        Rows = 0;
        return batches;
    }

    private static long Day(long timestampMs) => Math.DivRem(timestampMs, MillisecondsPerDay) switch
    {
        (var q, < 0) => q - 1,
        (var q, _) => q,
    };

    private sealed class Partition
    {
        private readonly StringArray.Builder _service = new();
        private readonly StringArray.Builder _metric = new();
        private readonly ArrowBuffer.Builder<ulong> _seriesIds = new();
        private readonly ArrowBuffer.Builder<long> _timestamps = new();
        private readonly ArrowBuffer.Builder<double> _values = new();
        private int _rows;

        public void Append(byte[] service, byte[] metric, ulong seriesId, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
        {
            for (var i = 0; i < timestampsMs.Length; i++)
            {
                _service.Append(service.AsSpan());
                _metric.Append(metric.AsSpan());
                _seriesIds.Append(seriesId);
                // The lake's TIMESTAMP is microseconds, as DuckDB stores it.
                _timestamps.Append(timestampsMs[i] * 1000);
            }
            _values.Append(values);
            _rows += timestampsMs.Length;
        }

        public RecordBatch Build() => new(Schema,
        [
            _service.Build(),
            _metric.Build(),
            new UInt64Array(_seriesIds.Build(), ArrowBuffer.Empty, _rows, 0, 0),
            new TimestampArray((TimestampType)Columns[3].Field.DataType, _timestamps.Build(), ArrowBuffer.Empty, _rows, 0, 0),
            new DoubleArray(_values.Build(), ArrowBuffer.Empty, _rows, 0, 0),
        ], _rows);
    }
}
