using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Prometheus's out-of-order rule on a column batch: a sample is new only if it is later than its series' watermark
/// (the last accepted timestamp), and accepting it moves the watermark — exactly what <see cref="ServiceGrain"/> does
/// sample by sample for row batches, but with one watermark lookup per series rather than two per sample, and no
/// copy when every sample of the series is new and in order (what a Prometheus shard sends).
/// </summary>
internal static class SeriesWatermarkFilter
{
    /// <summary>
    /// The accepted part of <paramref name="series"/> (itself, a filtered copy, or null) given its watermark
    /// (<paramref name="hasWatermark"/>, <paramref name="last"/>), and the watermark it moves to (<paramref name="moved"/>).
    /// </summary>
    public static SeriesSamples? Accept(SeriesSamples series, bool hasWatermark, long last, out long moved)
    {
        var timestamps = series.TimestampsMs;
        var inOrder = true;
        var accepted = 0;
        var running = last;
        var first = hasWatermark;
        foreach (var timestamp in timestamps)
        {
            if (first && timestamp <= running)
            {
                inOrder = false;
                continue;
            }
            first = true;
            running = timestamp;
            accepted++;
        }
        moved = running;
        if (accepted == 0)
        {
            return null;
        }
        if (inOrder)
        {
            return series;
        }
        var keptTimestamps = new long[accepted];
        var keptValues = new double[accepted];
        var next = 0;
        running = last;
        first = hasWatermark;
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (first && timestamps[i] <= running)
            {
                continue;
            }
            first = true;
            running = timestamps[i];
            keptTimestamps[next] = timestamps[i];
            keptValues[next++] = series.Values[i];
        }
        return series with { TimestampsMs = keptTimestamps, Values = keptValues };
    }
}
