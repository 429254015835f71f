using System.Security.Cryptography;
using System.Text;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class EcsNdjsonParserTests
{
    private const string NestedEvent =
        """{"@timestamp":"2024-05-01T10:00:00.123Z","event":{"id":"e-1","action":"deploy","outcome":"success","category":["process","web"],"start":"2024-05-01T09:59:00Z","end":"2024-05-01T10:00:00+02:00","duration":1500000000},"service":{"name":"checkout","environment":"production","version":"1.4.2"},"log":{"level":"info"},"message":"deployed","labels":{"team":"payments","ticket":42}}""";

    [Fact]
    public void Nested_ecs_event_maps_every_field()
    {
        var e = Single(NestedEvent);

        Assert.Equal("e-1", e.EventId);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 123, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("checkout", e.Service);
        Assert.Equal("production", e.Environment);
        Assert.Equal("1.4.2", e.ServiceVersion);
        Assert.Equal("deploy", e.Action);
        Assert.Equal("success", e.Outcome);
        Assert.Equal("process,web", e.Category);
        Assert.Equal("info", e.Level);
        Assert.Equal("deployed", e.Message);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 9, 59, 0, TimeSpan.Zero), e.EventStart);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), e.EventEnd);
        Assert.Equal(1_500_000_000L, e.DurationNs);
        Assert.Equal("""{"team":"payments","ticket":42}""", e.LabelsJson);
        Assert.Equal(NestedEvent, e.RawJson);
    }

    [Fact]
    public void Dotted_keys_map_like_nested_objects()
    {
        var e = Single("""{"@timestamp":"2024-05-01T10:00:00Z","service.name":"api","event.outcome":"failure","log.level":"error","labels.team":"core","event.duration":5}""");

        Assert.Equal(("api", "failure", "error", 5L), (e.Service, e.Outcome, e.Level, e.DurationNs));
        Assert.Equal("""{"team":"core"}""", e.LabelsJson);
    }

    [Fact]
    public void Mixed_nested_and_dotted_labels_are_merged_sorted_with_the_last_value_winning()
    {
        var e = Single("""{"@timestamp":"2024-05-01T10:00:00Z","labels.b":"1","labels":{"a":"x","b":"2"},"service":{"labels.ignored":1}}""");

        Assert.Equal("""{"a":"x","b":"2"}""", e.LabelsJson);
    }

    [Fact]
    public void Missing_event_id_is_a_content_hash_of_the_trimmed_line()
    {
        const string line = """{"@timestamp":"2024-05-01T10:00:00Z","message":"héllo"}""";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)))[..32];

        var first = Single($"  {line}\t");
        var again = Single(line);

        Assert.Equal(expected, first.EventId);
        Assert.Equal(expected, again.EventId);
        Assert.Equal(line, first.RawJson);
    }

    [Fact]
    public void Different_lines_get_different_content_ids()
    {
        var a = Single("""{"@timestamp":"2024-05-01T10:00:00Z","message":"a"}""");
        var b = Single("""{"@timestamp":"2024-05-01T10:00:00Z","message":"b"}""");

        Assert.NotEqual(a.EventId, b.EventId);
    }

    [Theory]
    [InlineData("\"2024-05-01T10:00:00Z\"", "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("\"2024-05-01T12:30:00+02:30\"", "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("\"2024-05-01T10:00:00.123456789Z\"", "2024-05-01T10:00:00.1234567+00:00")]
    [InlineData("\"2024-05-01 10:00:00\"", "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("1714557600000", "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("1714557600000.5", "2024-05-01T10:00:00.0005000+00:00")]
    [InlineData("\"1714557600000\"", "2024-05-01T10:00:00.0000000+00:00")]
    public void Timestamp_accepts_rfc3339_and_epoch_milliseconds(string json, string expectedUtc)
    {
        var e = Single($$"""{"@timestamp":{{json}}}""");

        Assert.Equal(expectedUtc, e.Timestamp.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Category_given_as_a_string_is_kept()
    {
        Assert.Equal("network", Single("""{"@timestamp":"2024-05-01T10:00:00Z","event":{"category":"network"}}""").Category);
    }

    [Fact]
    public void Absent_optional_fields_are_null()
    {
        var e = Single("""{"@timestamp":"2024-05-01T10:00:00Z","other":{"deep":[1,{"x":2}]}}""");

        Assert.Null(e.Service);
        Assert.Null(e.DurationNs);
        Assert.Null(e.LabelsJson);
        Assert.Null(e.EventStart);
    }

    [Theory]
    [InlineData("{\"@timestamp\":", "invalid JSON")]
    [InlineData("[1,2]", "line is not a JSON object")]
    [InlineData("\"text\"", "line is not a JSON object")]
    [InlineData("{\"message\":\"no time\"}", "missing @timestamp")]
    [InlineData("{\"@timestamp\":\"yesterday\"}", "@timestamp is not an RFC 3339 timestamp or epoch milliseconds")]
    [InlineData("{\"@timestamp\":\"2024-02-30T00:00:00Z\"}", "@timestamp is not an RFC 3339 timestamp or epoch milliseconds")]
    [InlineData("{\"@timestamp\":true}", "@timestamp is not an RFC 3339 timestamp or epoch milliseconds")]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"start\":\"later\"}}", "event.start is not an RFC 3339 timestamp or epoch milliseconds")]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event.duration\":\"long\"}", "event.duration must be a number of nanoseconds")]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"service\":{\"name\":[{\"x\":1}]}}", "service.name must be text")]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\"} trailing", "invalid JSON")]
    public void Bad_line_is_an_error_with_its_line_and_parsing_continues(string bad, string messageStart)
    {
        var text = $"{{\"@timestamp\":\"2024-05-01T10:00:00Z\"}}\n\n{bad}\n{{\"@timestamp\":1}}\n";

        var records = EcsNdjsonParser.Parse(new StringReader(text), "app.ndjson").ToList();

        Assert.Equal(3, records.Count);
        var error = records[1].Error!;
        Assert.Equal(("app.ndjson", 3L), (error.File, error.Line));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, records[2].Line);
        Assert.False(records[2].IsError);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_line_numbers_stay_physical()
    {
        var records = EcsNdjsonParser.Parse(new StringReader("\n  \n{\"@timestamp\":0}\r\n\r\n{\"@timestamp\":1}"), "f").ToList();

        Assert.Equal([3L, 5L], records.Select(r => r.Line));
        Assert.Equal("{\"@timestamp\":0}", records[0].Value!.RawJson);
    }

    [Fact]
    public void Gzip_file_is_parsed_through_InputFile()
    {
        var path = TestFiles.WriteTemp(TestFiles.Gzip("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"service.name\":\"gz\"}\n"), ".json");
        try
        {
            using var reader = InputFile.OpenText(path);

            Assert.Equal("gz", Assert.Single(EcsNdjsonParser.Parse(reader, path)).Value!.Service);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LogEvent Single(string line)
    {
        var record = Assert.Single(EcsNdjsonParser.Parse(new StringReader(line), "test.ndjson"));
        Assert.Null(record.Error);
        return record.Value!;
    }
}
