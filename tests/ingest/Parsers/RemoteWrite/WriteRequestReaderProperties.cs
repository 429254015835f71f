using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Records;
using Snappier;

namespace Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

public sealed class WriteRequestReaderProperties
{
    private static readonly WriteRequestLimits Limits = new(MaxSeries: 10_000, MaxLabelsPerSeries: 64, MaxLabelBytes: 4096);
    private static readonly char[] Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_".ToCharArray();
    private static readonly char[] Digits = "0123456789".ToCharArray();
    private static readonly char[] ValueChars = "az09 _-.:/\"\\\n{}=,é日😀\u0000".ToCharArray();

    [Property(MaxTest = 300)]
    public Property Encoded_requests_decode_to_the_same_series_and_samples() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Series())), series =>
        {
            var compressed = WriteRequestEncoder.Compressed(series);
            var (buffer, length) = SnappyBlock.Decompress(compressed, 1 << 24);
            var request = WriteRequestReader.Read(buffer.AsSpan(0, length), Limits);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);

            var expected = series.Where(s => s.Samples.Count > 0).ToList();
            return request.Rejections.Count == 0
                && request.Samples == series.Sum(s => s.Samples.Count)
                && request.Series.Count == expected.Count
                && request.Series.Zip(expected).All(pair => Matches(pair.First, pair.Second));
        });

    [Property(MaxTest = 300)]
    public Property Any_truncation_of_a_body_decodes_or_is_a_format_error() =>
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Series())), Arb.From(Gen.Choose(0, 10_000)), (series, cut) =>
        {
            var body = WriteRequestEncoder.Encode(series);
            return DecodesOrFormatError(body.AsSpan(0, cut % body.Length).ToArray());
        });

    [Property(MaxTest = 500)]
    public Property Random_bytes_decode_or_are_a_format_error() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<byte[]>()), DecodesOrFormatError);

    [Property(MaxTest = 300)]
    public Property Flipped_bytes_in_a_snappy_body_decode_or_are_refused_cleanly() =>
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Series())), Arb.From(Gen.Choose(0, 100_000)), Arb.From(Gen.Choose(1, 255)), (series, at, flip) =>
        {
            var compressed = WriteRequestEncoder.Compressed(series);
            compressed[at % compressed.Length] ^= (byte)flip;
            try
            {
                var (buffer, length) = SnappyBlock.Decompress(compressed, 1 << 24);
                var ok = DecodesOrFormatError(buffer.AsSpan(0, length).ToArray());
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                return ok;
            }
            catch (Exception e) when (e is RemoteWriteFormatException or RemoteWriteTooLargeException)
            {
                return true;
            }
        });

    private static bool DecodesOrFormatError(byte[] body)
    {
        try
        {
            WriteRequestReader.Read(body, Limits);
            return true;
        }
        catch (Exception e) when (e is RemoteWriteFormatException or RemoteWriteTooLargeException)
        {
            return true;
        }
    }

    private static bool Matches(DecodedSeries decoded, RemoteSeries expected) =>
        decoded.Metric == expected.Labels.Single(l => l.Name == "__name__").Value
        && decoded.Labels.SequenceEqual(expected.Labels.Where(l => l.Name != "__name__").Select(l => new Label(l.Name, l.Value)))
        && decoded.SeriesId == SeriesIdentity.Compute(decoded.Metric, decoded.Labels)
        && decoded.Samples.Select(s => (s.TimestampMs, BitConverter.DoubleToInt64Bits(s.Value)))
            .SequenceEqual(expected.Samples.Select(s => (s.TimestampMs, BitConverter.DoubleToInt64Bits(s.Value))));

    private static Gen<RemoteSeries> Series() =>
        from metric in Name(Letters.Append(':').ToArray(), Letters.Concat(Digits).Append(':').ToArray())
        from count in Gen.Choose(0, 6)
        from names in Gen.ListOf(Name(Letters, Letters.Concat(Digits).ToArray()).Where(n => n != "__name__"), count)
        let distinct = names.Distinct().ToList()
        from values in Gen.ArrayOf(Value(), distinct.Count)
        from samples in Gen.ListOf(Sample())
        select RemoteSeries.Of(metric, distinct.Zip(values), [.. samples]);

    private static Gen<(long, double)> Sample() =>
        from timestamp in ArbMap.Default.GeneratorFor<long>()
        from value in ArbMap.Default.GeneratorFor<double>()
        select (timestamp, value);

    private static Gen<string> Name(char[] first, char[] rest) =>
        from head in Gen.Elements(first)
        from tail in Gen.ArrayOf(Gen.Elements(rest))
        select head + new string(tail);

    private static Gen<string> Value() =>
        Gen.NonEmptyListOf(Gen.Elements(ValueChars)).Select(chars => new string([.. chars]))
            .Where(v => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(v)) == v);
}
