using Platform.Insights.Ingest.Parsers.PrometheusApi;

namespace Platform.Insights.Ingest.Tests.Parsers.PrometheusApi;

public sealed class PromDurationTests
{
    [Theory]
    [InlineData("60s", 60_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("15", 15_000)]
    [InlineData("0.5", 500)]
    [InlineData("00:01:00", 60_000)]
    public void Prometheus_API_and_configuration_durations_are_read(string text, long ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), PromDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("m")]
    [InlineData("30m1h")]
    [InlineData("-5s")]
    public void Malformed_durations_are_refused(string text)
    {
        Assert.False(PromDuration.TryParse(text, out _));
    }
}
