using System.Text;
using System.Text.Json;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Values no exporter should send — invalid UTF-8, NUL bytes, numbers past every range, lone surrogates, JSON
/// nested thousands deep — end as error records (file and line) or documented rejections, never as exceptions.
/// </summary>
public sealed class MalformedValueTests
{
    public static TheoryData<string, byte[]> HostileExposition() => new()
    {
        { "invalid UTF-8 in a label value", [.. "up{a=\""u8, 0xff, 0xfe, 0xc3, 0x28, .. "\"} 1\n"u8] },
        { "NUL in a name and a value", [.. "u\0p{a=\"\0\"} 1\n"u8] },
        { "value past double", "up 1e999999\n"u8.ToArray() },
        { "timestamp past long", "up 1 99999999999999999999999999\n"u8.ToArray() },
        { "negative huge timestamp", "up 1 -9223372036854775809\n"u8.ToArray() },
        { "nested braces", Encoding.ASCII.GetBytes("up" + new string('{', 100_000) + " 1\n") },
        { "bidi control in a label", "up{team=\"pay\u202Ements\"} 1\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(HostileExposition))]
    public void Hostile_exposition_lines_are_error_records_or_samples(string why, byte[] input)
    {
        var records = OpenMetricsTextParser.Parse(IngestFuzzTargets.Text(input), "x.prom", 0).ToList();

        Assert.True(records.Count == 1, why);
        Assert.True(records[0].Error is null or { File: "x.prom", Line: 1 }, $"{why}: {records[0].Error}");
    }

    public static TheoryData<string, string> HostileEcsLines() => new()
    {
        { "lone high surrogate", """{"@timestamp":"2024-05-01T10:00:00Z","message":"\ud800"}""" },
        { "lone surrogate in a label name", """{"@timestamp":"2024-05-01T10:00:00Z","labels":{"\udc00":"x"}}""" },
        { "epoch millis past decimal", """{"@timestamp":79228162514264337593543950335}""" },
        { "epoch millis past year 9999", """{"@timestamp":253402300800001}""" },
        { "duration past long", """{"@timestamp":"2024-05-01T10:00:00Z","event":{"duration":1e300}}""" },
        { "NUL in the message", "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"message\":\"a\u0000b\"}" },
        { "nested 10,000 deep", "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"labels\":" + new string('[', 10_000) + new string(']', 10_000) + "}" },
    };

    [Theory]
    [MemberData(nameof(HostileEcsLines))]
    public void Hostile_ecs_lines_are_error_records_or_events(string why, string line)
    {
        var records = EcsNdjsonParser.Parse(new StringReader(line + "\n"), "x.ndjson").ToList();

        Assert.True(records.Count == 1, why);
        Assert.True(records[0].Error is null or { File: "x.ndjson", Line: 1 }, $"{why}: {records[0].Error}");
    }

    [Theory]
    [InlineData("""{"billing_account_id":"a","cost":1e400,"currency":"USD"}""")]
    [InlineData("""{"billing_account_id":"\ud800","cost":"1"}""")]
    [InlineData("{\"billing_account_id\":\"a\u0000\",\"labels\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    public void Hostile_billing_json_lines_are_error_records(string line)
    {
        var records = BillingCsvParser.Parse(new StringReader(line + "\n" + line + "\n"), "x.jsonl").ToList();

        Assert.All(records, r => Assert.True(r.Error is { File: "x.jsonl" }, r.Error?.ToString() ?? "parsed"));
    }

    [Theory]
    [InlineData("1E+400")]
    [InlineData("-79228162514264337593543950336")]
    [InlineData("NaN")]
    [InlineData("1\u0000")]
    [InlineData("=1+1")]
    public void Hostile_billing_costs_are_error_records_naming_the_line(string cost)
    {
        var sample = File.ReadLines(Parsers.TestFiles.SharedData("billing/focus_1.0_sample_1000.csv")).Take(2).ToArray();
        var billed = Array.IndexOf(CsvFieldsOf(sample[0]), "BilledCost");
        Assert.True(billed >= 0, sample[0]);
        var fields = CsvFieldsOf(sample[1]);
        fields[billed] = cost;
        var text = sample[0] + "\n" + string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\n";

        var records = BillingCsvParser.Parse(new StringReader(text), "x.csv").ToList();

        var error = Assert.Single(records).Error;
        Assert.True(error is { File: "x.csv", Line: 2 }, error?.ToString() ?? "parsed");
    }

    [Fact]
    public void Invalid_UTF_8_label_values_in_remote_write_reject_the_series_with_a_reason()
    {
        var body = WriteRequestEncoder.Encode([RemoteSeries.Of("up", [("job", "value")], (1, 1))]);
        var at = body.AsSpan().IndexOf("value"u8);
        body[at] = 0xff;

        var request = WriteRequestReader.Read(body, IngestFuzzTargets.RemoteWriteLimits);

        Assert.Empty(request.Series);
        Assert.Equal(SeriesRejectReasons.InvalidUtf8, Assert.Single(request.Rejections).Reason);
    }

    [Fact]
    public void A_webhook_body_nested_10_000_deep_is_a_json_error_not_a_stack_overflow()
    {
        var body = Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000));

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public void A_webhook_with_a_lone_surrogate_is_invalid_with_a_reason()
    {
        using var document = JsonDocument.Parse("""{"app":"guest\ud800book","phase":"Succeeded","finishedAt":"2024-05-02T10:14:41Z"}""");

        var result = ArgoCdNotification.Parse(document.RootElement, "production");

        Assert.Null(result.Notice);
        Assert.Contains("not valid Unicode", result.Error, StringComparison.Ordinal);
    }

    private static string[] CsvFieldsOf(string line)
    {
        var reader = new CsvRecordReader(new StringReader(line));
        Assert.True(reader.Read());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString())];
    }
}
