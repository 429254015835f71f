using System.Text;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Snappier;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Inputs built to exhaust memory: a snappy body that declares or decodes to far more than the body limit,
/// protobuf lengths that are negative or point past the message, and YAML that expands (billion laughs) or nests
/// without end. Each is refused with the parser's documented error, quickly, allocating little.
/// </summary>
public sealed class BombTests
{
    private const int Limit = 1 << 20;

    [Fact]
    public void A_snappy_block_declaring_4_GB_is_refused_before_anything_is_inflated()
    {
        byte[] body = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x61];

        var (error, allocated) = Allocation(() => Record.Exception(() => SnappyBlock.Decompress(body, Limit)));

        Assert.True(error is RemoteWriteTooLargeException or RemoteWriteFormatException, error?.ToString());
        Assert.InRange(allocated, 0, 1 << 16);
    }

    [Fact]
    public void A_real_snappy_bomb_of_64_MB_zeros_is_refused_as_too_large_without_inflating()
    {
        var bomb = Snappy.CompressToArray(new byte[64 << 20]);

        var (error, allocated) = Allocation(() => Record.Exception(() => SnappyBlock.Decompress(bomb, Limit)));

        Assert.True(bomb.Length < 4 << 20, $"the bomb is {bomb.Length} bytes");
        Assert.IsType<RemoteWriteTooLargeException>(error);
        Assert.InRange(allocated, 0, 1 << 16);
    }

    [Fact]
    public void A_snappy_block_that_decodes_past_its_declared_length_is_a_format_error()
    {
        var compressed = Snappy.CompressToArray(new byte[Limit / 2]);
        var preamble = 0;
        while ((compressed[preamble++] & 0x80) != 0)
        {
        }
        byte[] lying = [0x10, .. compressed.AsSpan(preamble)];

        var (error, allocated) = Allocation(() => Record.Exception(() => SnappyBlock.Decompress(lying, Limit)));

        Assert.IsType<RemoteWriteFormatException>(error);
        Assert.InRange(allocated, 0, 1 << 16);
    }

    public static TheoryData<string, byte[]> HostileProtobuf() => new()
    {
        // timeseries (field 1, length-delimited) whose length is the 10-byte varint of -1.
        { "negative length", [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
        // length 2^31 (negative as an int32) with two bytes of body.
        { "length 2^31", [0x0a, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00] },
        // length 4 GB - 1.
        { "length 4 GB", [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00] },
        // a varint of 11 continuation bytes.
        { "endless varint", [0x08, .. Enumerable.Repeat((byte)0x80, 11), 0x01] },
        // field number 2^32 (beyond int) as a tag.
        { "huge field number", [0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x00] },
        // a label (field 1 in a series) whose length runs past the series.
        { "label past its series", [0x0a, 0x04, 0x0a, 0x7f, 0x0a, 0x00] },
        // group wire types 3 and 4, which remote write never uses.
        { "start group", [0x0b, 0x0c] },
    };

    [Theory]
    [MemberData(nameof(HostileProtobuf))]
    public void Hostile_protobuf_lengths_and_varints_are_format_errors(string why, byte[] body)
    {
        WriteRequestReader.Read([], IngestFuzzTargets.RemoteWriteLimits); // the decoder's per-thread buffers, once
        var (error, allocated) = Allocation(() => Record.Exception(() => WriteRequestReader.Read(body, IngestFuzzTargets.RemoteWriteLimits)));

        Assert.True(error is RemoteWriteFormatException, $"{why}: {error}");
        Assert.InRange(allocated, 0, 1 << 16);
    }

    [Fact]
    public void Negative_and_extreme_sample_timestamps_and_values_decode_without_error()
    {
        var body = WriteRequestEncoder.Encode(
            [RemoteSeries.Of("up", [("job", "a")], (long.MinValue, double.NaN), (-1, double.NegativeInfinity), (long.MaxValue, double.MaxValue))]);

        var request = WriteRequestReader.Read(body, IngestFuzzTargets.RemoteWriteLimits);

        Assert.Equal(3, request.Samples);
    }

    [Fact]
    public void Billion_laughs_in_a_catalog_file_does_not_expand()
    {
        var yaml = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: laughs\n  annotations:\n");
        yaml.Append("    l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"    l{i}: &l{i} [{string.Join(',', Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        }
        yaml.Append("spec:\n  type: service\n  lifecycle: production\n  owner: group:payments\n  tags: *l9\n");

        var (error, allocated) = Allocation(() => Record.Exception(() => BackstageCatalogParser.Parse(new StringReader(yaml.ToString()), "laughs.yaml")));

        // 9^10 "lol"s if expanded; refused (annotations must be strings) without expanding them.
        var refusal = Assert.IsType<InputFormatException>(error);
        Assert.Equal("laughs.yaml", refusal.File);
        Assert.InRange(allocated, 0, 16 << 20);
    }

    [Fact]
    public void An_alias_to_its_own_anchor_is_a_clear_error()
    {
        var yaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: &a [*a]\nspec: {}\n";

        var error = Record.Exception(() => BackstageCatalogParser.Parse(new StringReader(yaml), "self.yaml"));

        Assert.Equal("self.yaml", Assert.IsType<InputFormatException>(error).File);
    }

    [Theory]
    [InlineData("flow sequences", "[", "]")]
    [InlineData("flow mappings", "{a: ", "}")]
    public void Catalog_yaml_nested_100_000_deep_is_refused_not_a_stack_overflow(string why, string open, string close)
    {
        var yaml = "kind: " + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n";

        var error = Record.Exception(() => BackstageCatalogParser.Parse(new StringReader(yaml), "deep.yaml"));

        var refusal = Assert.IsType<InputFormatException>(error);
        Assert.True(refusal.File == "deep.yaml" && refusal.Line == 1, $"{why}: {refusal.Message}");
    }

    [Fact]
    public void Block_yaml_nested_past_the_limit_is_refused_with_its_line()
    {
        var yaml = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n");
        for (var i = 0; i < 100; i++)
        {
            yaml.Append(new string(' ', 2 * (i + 1))).Append("n:\n");
        }

        var error = Assert.IsType<InputFormatException>(Record.Exception(() => BackstageCatalogParser.Parse(new StringReader(yaml.ToString()), "deep.yaml")));

        Assert.Contains("nested deeper than 64", error.Message, StringComparison.Ordinal);
        Assert.Equal(67, error.Line); // the 65th mapping starts at the key on line 67
    }

    private static (T Result, long Allocated) Allocation<T>(Func<T> action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = action();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
