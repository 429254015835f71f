using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

/// <summary>
/// The service grain's watermark rule against the real store: whatever the order and batching, a sample
/// is stored iff its timestamp is after every earlier sample of its series, so the store holds exactly
/// the per-series running maxima of the sent sequence.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class WatermarkProperties(ClusterFixture fixture)
{
    [Property(MaxTest = 25)]
    public async Task<bool> Stored_samples_are_the_strictly_increasing_ones_per_series(byte[] series, byte[] times, byte[] cuts)
    {
        var service = Names.Unique("prop");
        var samples = series.Zip(times, (s, t) => Metric(service, "up", Ms(t % 12), t, instance: $"s{s % 3}")).ToArray();
        var expected = Expected(samples);

        var grain = fixture.Cluster.Client.GetGrain<IServiceGrain>(service);
        var total = default(IngestResult);
        var sent = 0;
        for (var c = 0; sent < samples.Length; c++)
        {
            var size = cuts.Length == 0 ? samples.Length : (cuts[c % cuts.Length] % 6) + 1;
            total += await grain.IngestMetricsAsync(samples[sent..Math.Min(samples.Length, sent + size)]).ConfigureAwait(false);
            sent += size;
        }

        var stored = Sql.SamplesOf(fixture.Cluster.Database, service);
        var distinct = Sql.Count(fixture.Cluster.Database, "SELECT count(DISTINCT (series_id, ts)) FROM metric_samples WHERE service = $s", ("s", service));
        return total.Received == samples.Length
               && total.Stored == expected
               && total.Duplicates == samples.Length - expected
               && stored == expected
               && distinct == expected;
    }

    private static long Expected(MetricSample[] samples)
    {
        var last = new Dictionary<ulong, long>();
        long kept = 0;
        foreach (var sample in samples)
        {
            if (!last.TryGetValue(sample.SeriesId, out var mark) || sample.TimestampMs > mark)
            {
                last[sample.SeriesId] = sample.TimestampMs;
                kept++;
            }
        }
        return kept;
    }
}
