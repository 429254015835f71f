using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class OpenMetricsTextParserTests
{
    private const long DefaultTs = 1_234_000;

    [Fact]
    public void Prometheus_sample_with_labels_and_millisecond_timestamp_is_read()
    {
        var sample = Assert.Single(Samples("probe_success{env=\"production\",service=\"checkout\"} 1 1700000000000\n"));

        Assert.Equal("probe_success", sample.Metric);
        Assert.Equal([new Label("env", "production"), new Label("service", "checkout")], sample.Labels);
        Assert.Equal(1700000000000, sample.TimestampMs);
        Assert.Equal(1.0, sample.Value);
        Assert.Equal(SeriesIdentity.Compute(sample.Metric, sample.Labels), sample.SeriesId);
    }

    [Fact]
    public void Labels_are_sorted_by_name_and___name___is_not_a_label()
    {
        var sample = Assert.Single(Samples("up{zone=\"b\",__name__=\"up\",Zed=\"1\",app=\"x\"} 0"));

        Assert.Equal("up", sample.Metric);
        Assert.Equal(["Zed", "app", "zone"], sample.Labels.Select(l => l.Name));
    }

    [Fact]
    public void Name_label_alone_names_the_metric()
    {
        var sample = Assert.Single(Samples("{__name__=\"up\",job=\"a\"} 1"));

        Assert.Equal("up", sample.Metric);
        Assert.Equal([new Label("job", "a")], sample.Labels);
    }

    [Fact]
    public void Quoted_utf8_metric_name_inside_braces_is_read()
    {
        var sample = Assert.Single(Samples("{\"http.server.duration\",\"service.name\"=\"api\"} 2"));

        Assert.Equal("http.server.duration", sample.Metric);
        Assert.Equal([new Label("service.name", "api")], sample.Labels);
    }

    [Fact]
    public void Sample_without_timestamp_gets_the_default()
    {
        Assert.Equal(DefaultTs, Assert.Single(Samples("up 1")).TimestampMs);
    }

    [Theory]
    [InlineData("1700000000", 1700000000000)]
    [InlineData("1700000000.123", 1700000000123)]
    [InlineData("1.7e9", 1700000000000)]
    [InlineData("1700000000123", 1700000000123)]
    [InlineData("-5", -5000)]
    [InlineData("0", 0)]
    public void Timestamps_below_1e11_are_seconds_and_above_are_milliseconds(string written, long expectedMs)
    {
        Assert.Equal(expectedMs, Assert.Single(Samples($"m 1 {written}")).TimestampMs);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("1.5e3", 1500.0)]
    [InlineData("-2.5E-3", -0.0025)]
    [InlineData("42", 42.0)]
    [InlineData("-7", -7.0)]
    [InlineData(".5", 0.5)]
    [InlineData("123456789012345678901", 123456789012345678901.0)]
    public void Special_and_exponent_values_are_read(string written, double expected)
    {
        Assert.Equal(expected, Assert.Single(Samples($"m {written}")).Value);
    }

    [Fact]
    public void Metadata_comments_and_blank_lines_are_skipped()
    {
        var text = "# HELP http_requests_total The total number of requests.\n"
            + "# TYPE http_requests_total counter\n"
            + "# UNIT http_requests_total requests\n"
            + "\n"
            + "# a free comment\n"
            + "http_requests_total{code=\"200\"} 1027\n"
            + "   \t\n"
            + "http_requests_total{code=\"400\"} 3\n";

        var records = OpenMetricsTextParser.Parse(new StringReader(text), "m.prom", DefaultTs).ToList();

        Assert.All(records, r => Assert.False(r.IsError));
        Assert.Equal([6L, 8L], records.Select(r => r.Line));
    }

    [Fact]
    public void Eof_marker_ends_the_input_and_later_content_is_one_error()
    {
        var text = "a 1\n# EOF\nb 2\nc 3\n";

        var records = OpenMetricsTextParser.Parse(new StringReader(text), "m.om", DefaultTs).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal("a", records[0].Value!.Metric);
        Assert.Equal(new ParseError("m.om", 3, "content after '# EOF'"), records[1].Error);
    }

    [Fact]
    public void Eof_marker_followed_only_by_a_newline_is_clean()
    {
        Assert.Single(OpenMetricsTextParser.Parse(new StringReader("a 1\n# EOF\n"), "m.om", DefaultTs));
    }

    [Fact]
    public void Metric_names_with_colons_and_empty_label_sets_are_read()
    {
        var samples = Samples("job:request_rate:5m{} 3.5\nrule:x 1\n");

        Assert.Equal(["job:request_rate:5m", "rule:x"], samples.Select(s => s.Metric));
        Assert.All(samples, s => Assert.Empty(s.Labels));
        Assert.Equal(SeriesIdentity.Compute("rule:x", []), samples[1].SeriesId);
    }

    [Fact]
    public void Label_values_with_escaped_quotes_backslashes_and_newlines_are_unescaped()
    {
        var sample = Assert.Single(Samples("m{path=\"C:\\\\dir\",msg=\"say \\\"hi\\\"\\nbye\",brace=\"}{,=\"} 1"));

        Assert.Equal("C:\\dir", sample.LabelValue("path"));
        Assert.Equal("say \"hi\"\nbye", sample.LabelValue("msg"));
        Assert.Equal("}{,=", sample.LabelValue("brace"));
    }

    [Fact]
    public void Exemplars_after_the_value_or_timestamp_are_ignored()
    {
        var samples = Samples("""
            foo_bucket{le="0.5"} 7 # {trace_id="KOO5S4vxi0o"} 0.67
            foo_bucket{le="1"} 9 1520879607.789 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
            """);

        Assert.Equal([7.0, 9.0], samples.Select(s => s.Value));
        Assert.Equal([DefaultTs, 1520879607789L], samples.Select(s => s.TimestampMs));
    }

    [Fact]
    public void Histogram_and_summary_series_keep_their_full_names()
    {
        var samples = Samples("""
            # TYPE rpc_seconds histogram
            rpc_seconds_bucket{le="0.1"} 5
            rpc_seconds_bucket{le="+Inf"} 8
            rpc_seconds_sum 1.25
            rpc_seconds_count 8
            rpc_seconds_created 1.7e9
            """);

        Assert.Equal(["rpc_seconds_bucket", "rpc_seconds_bucket", "rpc_seconds_sum", "rpc_seconds_count", "rpc_seconds_created"], samples.Select(s => s.Metric));
        Assert.Equal("+Inf", samples[1].LabelValue("le"));
        Assert.NotEqual(samples[0].SeriesId, samples[1].SeriesId);
    }

    [Fact]
    public void Whitespace_around_label_pairs_and_a_trailing_comma_are_accepted()
    {
        var sample = Assert.Single(Samples("m { b = \"2\" , a=\"1\", } 1"));

        Assert.Equal([new Label("a", "1"), new Label("b", "2")], sample.Labels);
    }

    [Theory]
    [InlineData("m{a=\"1\",a=\"2\"} 1", "duplicate label name 'a'")]
    [InlineData("m{a=\"x\\ty\"} 1", "invalid escape sequence '\\t' in label 'a'")]
    [InlineData("m{a=\"open} 1", "unterminated quoted label value")]
    [InlineData("m{a=\"1\" 1", "missing '}' closing the label set")]
    [InlineData("m{a=1} 1", "value of label 'a' must be quoted")]
    [InlineData("m{a=\"1\" b=\"2\"} 1", "expected ',' or '}' after label 'a', found 'b'")]
    [InlineData("m{1a=\"1\"} 1", "expected a label name, found '1'")]
    [InlineData("m abc", "invalid sample value 'abc'")]
    [InlineData("m{a=\"1\"}", "missing sample value")]
    [InlineData("m 1 soon", "invalid timestamp 'soon'")]
    [InlineData("m 1 2 3", "unexpected text after the timestamp: '3'")]
    [InlineData("m-x 1", "invalid character '-' in metric name")]
    [InlineData("9m 1", "expected a metric name, found '9'")]
    [InlineData("m{__name__=\"n\"} 1", "label __name__=\"n\" conflicts with metric name 'm'")]
    [InlineData("{a=\"1\"} 1", "missing metric name")]
    public void Malformed_line_is_an_error_with_its_line_and_parsing_continues(string bad, string message)
    {
        var text = $"ok 1\n{bad}\nok 2\n";

        var records = OpenMetricsTextParser.Parse(new StringReader(text), "x.prom", DefaultTs).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(new ParseError("x.prom", 2, message), records[1].Error);
        Assert.Equal(2.0, records[2].Value!.Value);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void Crlf_line_endings_are_accepted()
    {
        var records = OpenMetricsTextParser.Parse(new StringReader("# TYPE a gauge\r\na{x=\"1\"} 1 1700000000000\r\nb 2\r\n"), "c.prom", DefaultTs).ToList();

        Assert.Equal(["a", "b"], records.Select(r => r.Value!.Metric));
        Assert.Equal([1.0, 2.0], records.Select(r => r.Value!.Value));
        Assert.Equal([2L, 3L], records.Select(r => r.Line));
    }

    [Fact]
    public void Last_line_without_newline_is_read()
    {
        Assert.Equal(2, Samples("a 1\nb 2").Count);
    }

    [Fact]
    public void Gzip_file_is_parsed_through_InputFile()
    {
        var path = TestFiles.WriteTemp(TestFiles.Gzip("up{job=\"a\"} 1 1700000000000\n# EOF\n"), ".prom");
        try
        {
            using var reader = InputFile.OpenText(path);

            var sample = Assert.Single(OpenMetricsTextParser.Parse(reader, path, DefaultTs)).Value!;

            Assert.Equal("a", sample.LabelValue("job"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Samples_of_one_series_share_identity_and_labels()
    {
        var samples = Samples("m{a=\"1\"} 1 1700000000000\nm{a=\"1\"} 2 1700000015000\nm{a=\"1\"} 3 1700000030000\nm{a=\"2\"} 4\n");

        Assert.Equal(samples[0].SeriesId, samples[1].SeriesId);
        Assert.Equal(samples[0].Labels, samples[1].Labels);
        Assert.Same(samples[1].Labels, samples[2].Labels);
        Assert.Equal([1700000000000L, 1700000015000L, 1700000030000L], samples.Take(3).Select(s => s.TimestampMs));
        Assert.Equal([1.0, 2.0, 3.0], samples.Take(3).Select(s => s.Value));
        Assert.Equal(SeriesIdentity.Compute("m", [new Label("a", "2")]), samples[3].SeriesId);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_read_whole()
    {
        var value = new string('v', 200_000);

        var sample = Assert.Single(Samples($"a 1\nbig{{x=\"{value}\"}} 5\n")[1..]);

        Assert.Equal(value, sample.LabelValue("x"));
    }

    private static List<MetricSample> Samples(string text)
    {
        var records = OpenMetricsTextParser.Parse(new StringReader(text), "test.prom", DefaultTs).ToList();
        Assert.All(records, r => Assert.Null(r.Error));
        return records.Select(r => r.Value!).ToList();
    }
}
