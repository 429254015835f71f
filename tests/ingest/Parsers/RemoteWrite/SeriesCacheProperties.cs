using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

/// <summary>
/// The decoder's series cache (raw label bytes → strings and id) is a shortcut only: decoding with it, cold or warm,
/// under any hash (collisions forced by a weak one), any capacity and tighter limits than the ones it was filled
/// under, gives the same series, ids, samples and rejections as decoding without it.
/// </summary>
public sealed class SeriesCacheProperties
{
    // Small alphabets so that series repeat, and valid and invalid label sets (unsorted, repeated, empty, bad names, long) mix.
    private static readonly string[] Names = ["__name__", "__name__", "a", "b", "job", "service", "1x", "é"];
    private static readonly string[] Values = ["up", "v", "w", "", "x:y", "日本", new string('x', 40)];
    private static readonly string[] Metrics = ["up", "probe_success", "9bad"];

    private static readonly SeriesCache.KeyHash[] Hashes =
    [
        static bytes => System.IO.Hashing.XxHash3.HashToUInt64(bytes),
        static _ => 0,                                 // every series collides
        static bytes => (ulong)(bytes.Length % 3),     // some collide
    ];

    [Property(MaxTest = 300)]
    public Property Decoding_with_the_cache_gives_the_same_result_as_without() =>
        Prop.ForAll(
            Arb.From(Gen.ListOf(Series())),
            Arb.From(Gen.ListOf(Series())),
            Arb.From(Cases()),
            (first, second, setup) =>
            {
                var (hash, capacity, tighter) = setup;
                var cache = new SeriesCache(capacity, Hashes[hash]);
                var loose = new WriteRequestLimits(MaxSeries: 10_000, MaxLabelsPerSeries: 64, MaxLabelBytes: 4096);
                var firstBody = WriteRequestEncoder.Encode(first);
                // The second request repeats the first's series (now known) among new ones, read under tighter limits.
                var secondBody = WriteRequestEncoder.Encode([.. second, .. first, .. first]);
                return Same(WriteRequestReader.Read(firstBody, loose, cache), WriteRequestReader.Read(firstBody, loose))
                    && Same(WriteRequestReader.Read(firstBody, loose, cache), WriteRequestReader.Read(firstBody, loose))
                    && Same(WriteRequestReader.Read(secondBody, tighter, cache), WriteRequestReader.Read(secondBody, tighter))
                    && Same(WriteRequestReader.Read(secondBody, loose, cache), WriteRequestReader.Read(secondBody, loose))
                    && cache.Count <= capacity;
            });

    [Fact]
    public void A_series_sent_again_takes_its_strings_and_id_from_the_cache()
    {
        var cache = new SeriesCache(100);
        var limits = new WriteRequestLimits(MaxSeries: 10, MaxLabelsPerSeries: 64, MaxLabelBytes: 4096);
        var series = RemoteSeries.Of("up", [("job", "api"), ("service", "checkout")], (1, 1));

        var first = WriteRequestReader.Read(WriteRequestEncoder.Encode([series]), limits, cache).Series.Single();
        var again = WriteRequestReader.Read(WriteRequestEncoder.Encode([series with { Samples = [(2, 0)] }]), limits, cache).Series.Single();

        Assert.Same(first.Labels, again.Labels);
        Assert.Same(first.Metric, again.Metric);
        Assert.Equal(SeriesIdentity.Compute("up", [new Label("job", "api"), new Label("service", "checkout")]), again.SeriesId);
        Assert.Equal([2L], again.Columns.TimestampsMs);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_known_series_over_a_tighter_token_limit_is_still_rejected()
    {
        var cache = new SeriesCache(100);
        var series = RemoteSeries.Of("up", [("job", new string('j', 40))], (1, 1));
        var body = WriteRequestEncoder.Encode([series]);
        WriteRequestReader.Read(body, new WriteRequestLimits(10, 64, 4096), cache);

        var request = WriteRequestReader.Read(body, new WriteRequestLimits(10, 64, 16), cache);

        Assert.Empty(request.Series);
        Assert.Equal(SeriesRejectReasons.LabelTooLong, Assert.Single(request.Rejections).Reason);
    }

    [Fact]
    public void A_full_cache_is_emptied_and_fills_again()
    {
        var cache = new SeriesCache(2);
        var limits = new WriteRequestLimits(10, 64, 4096);
        var body = WriteRequestEncoder.Encode([.. Enumerable.Range(0, 5).Select(i => RemoteSeries.Of("up", [("job", $"j{i}")], (1, 1)))]);

        var request = WriteRequestReader.Read(body, limits, cache);

        Assert.Equal(5, request.Series.Count);
        Assert.InRange(cache.Count, 1, 2);
    }

    private static bool Same(DecodedWriteRequest cached, DecodedWriteRequest plain) =>
        cached.Samples == plain.Samples
        && cached.Series.Count == plain.Series.Count
        && cached.Series.Zip(plain.Series).All(pair =>
            pair.First.Metric == pair.Second.Metric
            && pair.First.Labels.SequenceEqual(pair.Second.Labels)
            && pair.First.SeriesId == pair.Second.SeriesId
            && pair.First.SeriesId == SeriesIdentity.Compute(pair.Second.Metric, pair.Second.Labels)
            && pair.First.Columns.TimestampsMs.SequenceEqual(pair.Second.Columns.TimestampsMs)
            && pair.First.Columns.Values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(pair.Second.Columns.Values.Select(BitConverter.DoubleToInt64Bits)))
        && cached.Rejections.SequenceEqual(plain.Rejections);

    /// <summary>Which hash, what capacity, and the tighter limits of the second request.</summary>
    private static Gen<(int Hash, int Capacity, WriteRequestLimits Tighter)> Cases() =>
        from hash in Gen.Choose(0, Hashes.Length - 1)
        from capacity in Gen.Choose(1, 40)
        from limits in Limits()
        select (hash, capacity, limits);

    private static Gen<WriteRequestLimits> Limits() =>
        from labels in Gen.Choose(1, 6)
        from bytes in Gen.Choose(16, 64)
        select new WriteRequestLimits(MaxSeries: 10_000, MaxLabelsPerSeries: labels, MaxLabelBytes: bytes);

    private static Gen<(string Name, string Value)> Label() =>
        from name in Gen.Elements(Names)
        from value in Gen.Elements(Values)
        select (name, value);

    private static Gen<(long TimestampMs, double Value)> Sample() =>
        from timestamp in Gen.Choose(0, 1_000)
        from value in Gen.Elements(0.0, 1.0, double.NaN)
        select ((long)timestamp, value);

    /// <summary>Label sets as a sender might put them on the wire: mostly valid (sorted, with a metric), some not.</summary>
    private static Gen<RemoteSeries> Series() =>
        from metric in Gen.Elements(Metrics)
        from count in Gen.Choose(0, 4)
        from labels in Gen.ListOf(Label(), count)
        from sorted in Gen.Choose(0, 4).Select(i => i > 0)
        from sampleCount in Gen.Choose(0, 3)
        from samples in Gen.ListOf(Sample(), sampleCount)
        let set = labels.ToList()
        select sorted
            ? RemoteSeries.Of(metric, set.Where(l => l.Name != "__name__").DistinctBy(l => l.Name), [.. samples])
            : new RemoteSeries(set, [.. samples]);
}
