using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Records;
using Snappier;

namespace Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

public sealed class WriteRequestReaderTests
{
    private static readonly WriteRequestLimits Limits = new(MaxSeries: 1_000, MaxLabelsPerSeries: 64, MaxLabelBytes: 4096);

    private static DecodedWriteRequest Read(byte[] body, WriteRequestLimits? limits = null) => WriteRequestReader.Read(body, limits ?? Limits);

    [Fact]
    public void A_request_decodes_to_samples_without_the_name_label_and_with_the_series_id()
    {
        var body = WriteRequestEncoder.Encode([
            RemoteSeries.Of("http_requests_total", [("job", "api"), ("code", "200")], (1_700_000_000_000, 5), (1_700_000_015_000, 7.5)),
            RemoteSeries.Of("up", [("instance", "a:9090")], (1_700_000_000_000, 1)),
        ]);

        var request = Read(body);

        Assert.Empty(request.Rejections);
        Assert.Equal(3, request.Samples);
        var first = request.Series[0];
        Assert.Equal("http_requests_total", first.Metric);
        Assert.Equal([new Label("code", "200"), new Label("job", "api")], first.Labels);
        Assert.Equal(SeriesIdentity.Compute("http_requests_total", first.Labels), first.SeriesId);
        Assert.Equal([(1_700_000_000_000L, 5d), (1_700_000_015_000L, 7.5d)], first.Samples.Select(s => (s.TimestampMs, s.Value)));
        Assert.All(first.Samples, s => Assert.Same(first.Labels, s.Labels));
        Assert.Equal("up", request.Series[1].Metric);
    }

    [Fact]
    public void Metadata_exemplars_and_other_unknown_fields_are_skipped()
    {
        var body = WriteRequestEncoder.Encode([RemoteSeries.Of("up", [("job", "a")], (1, 1))], withMetadata: true);

        var request = Read(body);

        Assert.Single(request.Series);
        Assert.Equal(1, request.Samples);
    }

    [Fact]
    public void Negative_timestamps_and_special_values_survive()
    {
        var body = WriteRequestEncoder.Encode([RemoteSeries.Of("m", [], (-5, double.NaN), (0, double.PositiveInfinity), (long.MaxValue, double.NegativeInfinity))]);

        var samples = Read(body).Series.Single().Samples;

        Assert.Equal([-5L, 0L, long.MaxValue], samples.Select(s => s.TimestampMs));
        Assert.True(double.IsNaN(samples[0].Value));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], samples.Skip(1).Select(s => s.Value));
    }

    public static TheoryData<string, RemoteSeries> BadSeries => new()
    {
        { SeriesRejectReasons.MissingMetricName, new([("job", "a")], [(1, 1)]) },
        { SeriesRejectReasons.UnsortedLabels, new([("__name__", "m"), ("job", "a"), ("instance", "b")], [(1, 1)]) },
        { SeriesRejectReasons.DuplicateLabelName, new([("__name__", "m"), ("job", "a"), ("job", "b")], [(1, 1)]) },
        { SeriesRejectReasons.EmptyLabel, new([("__name__", "m"), ("job", "")], [(1, 1)]) },
        { SeriesRejectReasons.InvalidLabelName, new([("__name__", "m"), ("jöb", "a")], [(1, 1)]) },
        { SeriesRejectReasons.InvalidMetricName, new([("__name__", "1m")], [(1, 1)]) },
        { SeriesRejectReasons.LabelTooLong, new([("__name__", "m"), ("job", new string('x', 5000))], [(1, 1)]) },
        { SeriesRejectReasons.TooManyLabels, new([("__name__", "m"), .. Enumerable.Range(0, 10_000).Select(i => ($"l{i:D5}", "v"))], [(1, 1), (2, 2)]) },
    };

    [Theory]
    [MemberData(nameof(BadSeries))]
    public void A_bad_series_is_rejected_alone_with_its_reason_and_sample_count(string reason, RemoteSeries bad)
    {
        var good = RemoteSeries.Of("up", [("job", "a")], (1, 1), (2, 1));
        var body = WriteRequestEncoder.Encode([good, bad, good with { Labels = [("__name__", "up"), ("job", "b")] }]);

        var request = Read(body);

        var rejection = Assert.Single(request.Rejections);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(bad.Samples.Count, rejection.Samples);
        Assert.True(rejection.Series.Length <= 200, rejection.Series);
        Assert.Equal(["a", "b"], request.Series.Select(s => s.Labels.Single().Value));
        Assert.Equal(4 + bad.Samples.Count, request.Samples);
    }

    [Fact]
    public void A_label_value_that_is_not_utf8_rejects_its_series()
    {
        var label = new List<byte>();
        WriteRequestEncoder.Bytes(label, 1, "__name__"u8.ToArray());
        WriteRequestEncoder.Bytes(label, 2, [0xC3, 0x28]);
        var series = new List<byte>();
        WriteRequestEncoder.Bytes(series, 1, [.. label]);
        var body = new List<byte>();
        WriteRequestEncoder.Bytes(body, 1, [.. series]);

        var request = Read([.. body]);

        Assert.Equal(SeriesRejectReasons.InvalidUtf8, Assert.Single(request.Rejections).Reason);
    }

    [Fact]
    public void More_series_than_the_limit_is_too_large()
    {
        var body = WriteRequestEncoder.Encode(Enumerable.Range(0, 11).Select(i => RemoteSeries.Of("m", [("i", $"{i}")], (1, 1))));

        var error = Assert.Throws<RemoteWriteTooLargeException>(() => Read(body, Limits with { MaxSeries = 10 }));
        Assert.Contains("MaxSeriesPerRequest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A, 0x03 })]          // series longer than the body
    [InlineData(new byte[] { 0x0A })]                             // tag without its length
    [InlineData(new byte[] { 0x0B, 0x00 })]                       // start-group wire type
    [InlineData(new byte[] { 0x09, 0x00, 0x00 })]                 // timeseries as fixed64
    [InlineData(new byte[] { 0x0A, 0x02, 0x12, 0x05 })]           // sample longer than its series
    [InlineData(new byte[] { 0x0A, 0x04, 0x12, 0x02, 0x09, 0x00 })] // truncated double
    [InlineData(new byte[] { 0x00, 0x00 })]                       // field number 0
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // endless varint
    public void A_truncated_or_malformed_body_is_a_format_error(byte[] body)
    {
        var error = Assert.Throws<RemoteWriteFormatException>(() => Read(body));
        Assert.Contains("does not decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snappy_blocks_decompress_and_corrupt_or_oversized_ones_are_refused()
    {
        var body = WriteRequestEncoder.Encode([RemoteSeries.Of("up", [("job", "a")], (1, 1))]);
        var compressed = Snappy.CompressToArray(body);

        var (buffer, length) = SnappyBlock.Decompress(compressed, 1 << 20);
        Assert.Equal(body, buffer.AsSpan(0, length).ToArray());
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);

        Assert.Throws<RemoteWriteTooLargeException>(() => SnappyBlock.Decompress(compressed, body.Length - 1));
        Assert.Throws<RemoteWriteFormatException>(() => SnappyBlock.Decompress(body, 1 << 20));
        Assert.Throws<RemoteWriteFormatException>(() => SnappyBlock.Decompress(compressed.AsSpan(0, compressed.Length - 2), 1 << 20));
        Assert.Throws<RemoteWriteFormatException>(() => SnappyBlock.Decompress([], 1 << 20));
    }

    [Fact]
    public void An_empty_request_decodes_to_nothing()
    {
        var request = Read([]);

        Assert.Empty(request.Series);
        Assert.Equal(0, request.Samples);
    }
}
