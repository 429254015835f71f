using FsCheck.Xunit;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

/// <summary>
/// Remote write's column batches (<see cref="IServiceGrain.IngestSeriesAsync"/>) keep the row path's watermark rule
/// against the real store: whatever the order, repeats and batching, exactly the samples later than every earlier
/// sample of their series are stored, with their values, once.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ColumnBatchWatermarkProperties(ClusterFixture fixture)
{
    [Property(MaxTest = 25)]
    public async Task<bool> Column_batches_store_the_strictly_increasing_samples_per_series(byte[] series, byte[] times, byte[] cuts)
    {
        var service = Names.Unique("cols");
        var samples = series.Zip(times, (s, t) => Metric(service, "up", Ms(t % 12), t, instance: $"s{s % 3}")).ToArray();
        var expected = Expected(samples);

        var grain = fixture.Cluster.Client.GetGrain<IServiceGrain>(service);
        var total = default(IngestResult);
        var sent = 0;
        for (var c = 0; sent < samples.Length; c++)
        {
            var size = cuts.Length == 0 ? samples.Length : (cuts[c % cuts.Length] % 6) + 1;
            total += await grain.IngestSeriesAsync(Columns(samples[sent..Math.Min(samples.Length, sent + size)])).ConfigureAwait(false);
            sent += size;
        }

        var stored = Sql.Rows(fixture.Cluster.Database,
                "SELECT series_id, epoch_ms(ts), value FROM metric_samples WHERE service = $s ORDER BY 1, 2", ("s", service))
            .Select(r => (Convert.ToUInt64(r[0]), Convert.ToInt64(r[1]), Convert.ToDouble(r[2])))
            .ToList();
        return total.Received == samples.Length
               && total.Stored == expected.Count
               && total.Duplicates == samples.Length - expected.Count
               && stored.SequenceEqual(expected.OrderBy(e => e.Item1).ThenBy(e => e.Item2));
    }

    /// <summary>Runs of samples of one series become one column batch each, in order (a series may recur).</summary>
    private static SeriesSamples[] Columns(MetricSample[] samples)
    {
        var result = new List<SeriesSamples>();
        var start = 0;
        while (start < samples.Length)
        {
            var end = start + 1;
            while (end < samples.Length && samples[end].SeriesId == samples[start].SeriesId)
            {
                end++;
            }
            var run = samples[start..end];
            result.Add(new SeriesSamples(run[0].Metric, run[0].Labels, run[0].SeriesId, [.. run.Select(s => s.TimestampMs)], [.. run.Select(s => s.Value)]));
            start = end;
        }
        return [.. result];
    }

    private static List<(ulong, long, double)> Expected(MetricSample[] samples)
    {
        var last = new Dictionary<ulong, long>();
        var kept = new List<(ulong, long, double)>();
        foreach (var sample in samples)
        {
            if (!last.TryGetValue(sample.SeriesId, out var mark) || sample.TimestampMs > mark)
            {
                last[sample.SeriesId] = sample.TimestampMs;
                kept.Add((sample.SeriesId, sample.TimestampMs, sample.Value));
            }
        }
        return kept;
    }
}
