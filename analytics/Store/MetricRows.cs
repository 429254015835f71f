using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Appends samples (and any series not seen before) inside the caller's transaction: samples through
/// <see cref="SampleChunkAppender"/>, new series through DuckDB's Appender (a few rows).
/// </summary>
internal sealed class MetricRows : IDisposable
{
    private readonly DuckDBAppender _series;
    private readonly ISampleSink _samples;
    private readonly bool _ownsSamples;
    private readonly HashSet<ulong> _knownSeries;
    private readonly List<ulong> _newSeries;
    private readonly DateTime _now;
    private long[] _timestamps = new long[256];
    private double[] _values = new double[256];

    /// <summary>
    /// Appends to the store's tables (<c>metric_points</c>, <c>metric_series</c>), or (the lake) samples to
    /// <paramref name="samples"/> (Arrow batches) and new series to a staging table of <c>metric_series</c>' columns.
    /// </summary>
    public MetricRows(DuckDBConnection connection, HashSet<ulong> knownSeries, List<ulong> newSeries, DateTime now,
        ISampleSink? samples = null, string seriesTable = "metric_series")
    {
        _knownSeries = knownSeries;
        _newSeries = newSeries;
        _now = now;
        // A sink handed in is the caller's (its batches are read after these rows close); the appender is ours.
        _ownsSamples = samples is null;
        _samples = samples ?? new SampleChunkAppender(connection, "metric_points");
        try
        {
            _series = connection.CreateAppender(seriesTable);
        }
        catch
        {
            if (_ownsSamples)
            {
                _samples.Dispose();
            }
            throw;
        }
    }

    public int Rows { get; private set; }

    /// <summary>Rows as objects: each run of samples of one series is appended as columns.</summary>
    public void Append(string service, IReadOnlyList<MetricSample> batch)
    {
        var start = 0;
        while (start < batch.Count)
        {
            var first = batch[start];
            var end = start + 1;
            while (end < batch.Count && batch[end].SeriesId == first.SeriesId)
            {
                end++;
            }
            var count = end - start;
            if (count > _timestamps.Length)
            {
                _timestamps = new long[Math.Max(count, _timestamps.Length * 2)];
                _values = new double[_timestamps.Length];
            }
            for (var i = 0; i < count; i++)
            {
                _timestamps[i] = batch[start + i].TimestampMs;
                _values[i] = batch[start + i].Value;
            }
            Series(service, first.SeriesId, first.Metric, first.Labels);
            _samples.Append(service, first.Metric, first.SeriesId, _timestamps.AsSpan(0, count), _values.AsSpan(0, count));
            Rows += count;
            start = end;
        }
    }

    public void Append(string service, IReadOnlyList<SeriesSamples> batch)
    {
        foreach (var series in batch)
        {
            Series(service, series.SeriesId, series.Metric, series.Labels);
            _samples.Append(service, series.Metric, series.SeriesId, series.TimestampsMs, series.Values);
            Rows += series.Count;
        }
    }

    /// <summary>Hands every buffered row to the transaction.</summary>
    public void Close()
    {
        _samples.Close();
        _series.Close();
    }

    public void Dispose()
    {
        if (_ownsSamples)
        {
            _samples.Dispose();
        }
        _series.Dispose();
    }

    private void Series(string service, ulong seriesId, string metric, Label[] labels)
    {
        if (!_knownSeries.Add(seriesId))
        {
            return;
        }
        _newSeries.Add(seriesId);
        _series.CreateRow()
            .AppendValue(seriesId)
            .AppendValue(service)
            .AppendValue(metric)
            .AppendValue(LabelsJson(labels))
            .AppendValue(_now)
            .EndRow();
    }

    private static string LabelsJson(Label[] labels)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var label in labels)
            {
                writer.WriteString(label.Name, label.Value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
