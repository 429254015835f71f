using System.Text;
using Platform.Insights.Ingest.Parsers.PrometheusApi;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.PrometheusApi;

public sealed class PrometheusResponseParserTests
{
    [Fact]
    public void A_matrix_gives_each_series_its_name_sorted_labels_and_points_in_milliseconds()
    {
        var response = Parse("""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"service":"checkout","__name__":"probe_success","instance":"x:9115"},"values":[[1435781430.781,"1"],[1435781445.781,"0"]]},
              {"metric":{},"values":[[1435781430,"0.25"]]}]}}
            """);

        Assert.True(response.IsSuccess);
        Assert.Equal("matrix", response.ResultType);
        Assert.Equal(2, response.Series.Count);
        var first = response.Series[0];
        Assert.Equal("probe_success", first.MetricName);
        Assert.Equal([new Label("instance", "x:9115"), new Label("service", "checkout")], first.Labels);
        Assert.Equal([1435781430781L, 1435781445781L], first.TimestampsMs);
        Assert.Equal([1.0, 0.0], first.Values);
        Assert.Null(response.Series[1].MetricName);
        Assert.Empty(response.Series[1].Labels);
        Assert.Equal(3, response.Points);
    }

    [Fact]
    public void An_empty_result_has_no_series()
    {
        var response = Parse("""{"status":"success","data":{"resultType":"matrix","result":[]}}""");

        Assert.True(response.IsSuccess);
        Assert.Empty(response.Series);
    }

    [Fact]
    public void A_vector_gives_one_point_per_series_and_a_scalar_one_unlabelled_point()
    {
        var vector = Parse("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[1700000000,"1"]}]}}""");
        var scalar = Parse("""{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}""");

        var up = Assert.Single(vector.Series);
        Assert.Equal(("up", 1700000000000L, 1.0), (up.MetricName, up.TimestampsMs[0], up.Values[0]));
        var one = Assert.Single(scalar.Series);
        Assert.Equal((null, 1700000000500L, 42.0), (one.MetricName, one.TimestampsMs[0], one.Values[0]));
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-0.5", -0.5)]
    public void Special_and_exponent_values_are_read_as_Prometheus_writes_them(string text, double expected)
    {
        var response = Parse($$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"{{{text}}}"]]}]}}""");

        Assert.Equal(expected, response.Series[0].Values[0]);
    }

    [Fact]
    public void An_error_answer_carries_its_error_type_message_and_warnings()
    {
        var response = Parse("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:1: parse error","warnings":["careful"]}""");

        Assert.False(response.IsSuccess);
        Assert.Equal(("bad_data", "invalid parameter \"query\": 1:1: parse error"), (response.ErrorType, response.Error));
        Assert.Equal(["careful"], response.Warnings);
        Assert.Empty(response.Series);
    }

    [Fact]
    public void Warnings_come_with_the_data_of_a_successful_answer()
    {
        var response = Parse("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1,"1"]]}]},"warnings":["PromQL info: metric might not be a counter"]}""");

        Assert.Single(response.Series);
        Assert.Equal(["PromQL info: metric might not be a counter"], response.Warnings);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>", "not a Prometheus API answer")]
    [InlineData("""{"data":{}}""", "no \"status\"")]
    [InlineData("""{"status":"success","data":{"resultType":"string","result":[1,"x"]}}""", "result type 'string'")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}""", "is not a sample value")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["1","2"]]}]}}""", "is not [timestamp, \"value\"]")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}""", "has no \"values\"")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"one"]]}]}}""", "is not a sample value")]
    public void Malformed_answers_are_refused_naming_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_parses_like_a_buffer()
    {
        const string json = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1,"1"],[2,"2"]]}]}}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var response = await PrometheusResponseParser.ParseAsync(stream, CancellationToken.None);

        Assert.Equal(Parse(json).Series[0].Values, response.Series[0].Values);
    }

    private static PrometheusResponse Parse(string json) => PrometheusResponseParser.Parse(Encoding.UTF8.GetBytes(json));
}
