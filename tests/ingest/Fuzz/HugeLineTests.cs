using System.Text;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// A 2 GB line, made lazily by <see cref="LazyStream"/>, is streamed past by every line-oriented parser: one error
/// record names its line, the lines after it still parse, and memory stays at the line limit, not the line length.
/// </summary>
public sealed class HugeLineTests
{
    private const long TwoGigabytes = 2L << 30;

    /// <summary>Twice the 8 Mi-char line buffer (16 MB) plus the decoder's and the parser's own buffers.</summary>
    private const long MemoryBound = 80L << 20;

    [Fact]
    public void OpenMetrics_skips_a_2_GB_line_and_reads_the_next()
    {
        var stream = new LazyStream(Utf8("up 1\nhuge{a=\""), (byte)'x', TwoGigabytes, Utf8("\"} 1\nup 2\n"));

        var (records, allocated) = Measure(() => OpenMetricsTextParser.Parse(Reader(stream), "big.prom", 0).ToList());

        Assert.Equal(stream.Length64, stream.Position);
        Assert.Equal([1.0, 2.0], records.Where(r => !r.IsError).Select(r => r.Value!.Value));
        var error = Assert.Single(records, r => r.IsError).Error!;
        Assert.Equal(("big.prom", 2L), (error.File, error.Line));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, MemoryBound);
    }

    [Fact]
    public void Ecs_ndjson_skips_a_2_GB_line_and_reads_the_next()
    {
        var stream = new LazyStream(Utf8("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"message\":\""), (byte)'x', TwoGigabytes,
            Utf8("\"}\n{\"@timestamp\":\"2024-05-01T10:00:01Z\",\"message\":\"after\"}\n"));

        var (records, allocated) = Measure(() => EcsNdjsonParser.Parse(Reader(stream), "big.ndjson").ToList());

        Assert.Equal(2, records.Count);
        Assert.Equal(("big.ndjson", 1L), (records[0].Error!.File, records[0].Error!.Line));
        Assert.Equal("after", records[1].Value!.Message);
        Assert.InRange(allocated, 0, MemoryBound);
    }

    [Fact]
    public void Billing_csv_skips_a_2_GB_record_and_reads_the_next()
    {
        var sample = File.ReadLines(Parsers.TestFiles.SharedData("billing/focus_1.0_sample_1000.csv")).Take(2).ToArray();
        var (header, row) = (sample[0] + "\n", sample[1] + "\n");
        var stream = new LazyStream(Utf8(header + row + "2.5,"), (byte)'9', TwoGigabytes, Utf8("\n" + row));

        var (records, allocated) = Measure(() => BillingCsvParser.Parse(Reader(stream), "big.csv").ToList());

        Assert.Equal(stream.Length64, stream.Position);
        Assert.Equal([2L, 4L], records.Where(r => !r.IsError).Select(r => r.Line));
        var error = Assert.Single(records, r => r.IsError).Error!;
        Assert.Equal(("big.csv", 3L), (error.File, error.Line));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, MemoryBound);
    }

    [Fact]
    public void Billing_json_lines_skip_a_2_GB_line_and_read_the_next()
    {
        var line = File.ReadLines(Path.Combine(Parsers.TestFiles.RepoRoot, "tests/ingest/Parsers/Billing/Fixtures/gcp_billing_export_detailed.jsonl")).First();
        var stream = new LazyStream(Utf8(line + "\n{\"billing_account_id\":\""), (byte)'x', TwoGigabytes, Utf8("\"}\n" + line + "\n"));

        var (records, allocated) = Measure(() => BillingCsvParser.Parse(Reader(stream), "big.jsonl").ToList());

        Assert.Equal(stream.Length64, stream.Position);
        Assert.Equal(3, records.Count);
        Assert.Equal(("big.jsonl", 2L), (records[1].Error!.File, records[1].Error!.Line));
        Assert.False(records[2].IsError, records[2].Error?.ToString());
        Assert.InRange(allocated, 0, MemoryBound);
    }

    [Fact]
    public void A_line_just_under_the_limit_is_kept_and_one_just_over_is_skipped()
    {
        var limit = 1000;
        var text = new string('a', limit) + "\n" + new string('b', limit + 1) + "\nc";
        var lines = new TextLineReader(new StringReader(text), initialSize: 16, maxLineChars: limit);

        var seen = new List<(long, bool, int)>();
        while (lines.MoveNext())
        {
            seen.Add((lines.LineNumber, lines.IsTooLong, lines.Current.Length));
        }

        Assert.Equal([(1L, false, limit), (2L, true, 0), (3L, false, 1)], seen);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static StreamReader Reader(Stream stream) => new(stream, new UTF8Encoding(false), false, 1 << 16);

    private static (List<ParsedRecord<T>> Records, long Allocated) Measure<T>(Func<List<ParsedRecord<T>>> parse)
        where T : class
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var records = parse();
        return (records, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
