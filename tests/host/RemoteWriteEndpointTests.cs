using System.Net;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Snappier;

namespace Platform.Insights.Host.Tests;

/// <summary><c>POST /api/v1/write</c> on a real <c>insights serve</c>: status codes, limits, scopes, and what gets stored.</summary>
public sealed class RemoteWriteEndpointTests(RemoteWriteServer fixture) : IClassFixture<RemoteWriteServer>
{
    private static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private static (long, double)[] Samples(long start, int count, double value = 1) =>
        [.. Enumerable.Range(0, count).Select(i => (start + (i * 15_000L), value + i))];

    [Fact]
    public async Task A_valid_request_is_stored_per_service_and_answered_204()
    {
        var start = Now - 600_000;
        var body = WriteRequestEncoder.Compressed([
            RemoteSeries.Of("rw_ok_requests_total", [("service", "rw-checkout"), ("code", "200")], Samples(start, 4)),
            RemoteSeries.Of("rw_ok_requests_total", [("service", "rw-search"), ("code", "500")], Samples(start, 3)),
            RemoteSeries.Of("rw_ok_temperature", [("room", "lab")], Samples(start, 2, 21.5)),
        ]);

        using var response = await fixture.WriteAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(4, await fixture.CountAsync("metric = 'rw_ok_requests_total' AND service = 'rw-checkout'"));
        Assert.Equal(3, await fixture.CountAsync("metric = 'rw_ok_requests_total' AND service = 'rw-search'"));
        Assert.Equal(2, await fixture.CountAsync("metric = 'rw_ok_temperature' AND service = '_unmapped'"));
        var values = await fixture.QueryAsync("SELECT value FROM metric_samples WHERE metric = 'rw_ok_temperature' ORDER BY ts");
        Assert.Equal([21.5, 22.5], values.Select(r => r[0].GetDouble()));
    }

    [Fact]
    public async Task A_bad_series_is_answered_400_naming_it_and_the_good_series_are_stored()
    {
        var start = Now - 600_000;
        var body = WriteRequestEncoder.Compressed([
            RemoteSeries.Of("rw_mixed_good", [("service", "rw-mixed")], Samples(start, 5)),
            new RemoteSeries([("__name__", "rw_mixed_bad"), ("service", "rw-mixed"), ("instance", "x")], Samples(start, 2)),
            RemoteSeries.Of("rw_mixed_wide", Enumerable.Range(0, 10_000).Select(i => ($"l{i:D5}", "v")), Samples(start, 1)),
            new RemoteSeries([("job", "rw-mixed")], Samples(start, 1)),
            RemoteSeries.Of("rw_mixed_future", [("service", "rw-mixed")], (Now + 3_600_000, 1), (start, 7)),
            RemoteSeries.Of("rw_mixed_good2", [("service", "rw-mixed-2")], Samples(start, 3)),
        ]);

        using var response = await fixture.WriteAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("label names not sorted in {__name__=\"rw_mixed_bad\"", text, StringComparison.Ordinal);
        Assert.Contains("more than 64 labels", text, StringComparison.Ordinal);
        Assert.Contains("no __name__ label", text, StringComparison.Ordinal);
        Assert.Contains("ahead of this host's clock", text, StringComparison.Ordinal);
        Assert.Equal(5, await fixture.CountAsync("metric = 'rw_mixed_good'"));
        Assert.Equal(3, await fixture.CountAsync("metric = 'rw_mixed_good2'"));
        Assert.Equal(1, await fixture.CountAsync("metric = 'rw_mixed_future'"));
        Assert.Equal(0, await fixture.CountAsync("metric IN ('rw_mixed_bad', 'rw_mixed_wide')"));
        var metrics = await fixture.MetricsAsync();
        Assert.Contains("insights_remote_write_samples_dropped_total{reason=\"too_many_labels\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_remote_write_requests_total{status=\"400\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_snappy_and_truncated_protobuf_are_400_and_store_nothing()
    {
        var body = WriteRequestEncoder.Encode([RemoteSeries.Of("rw_corrupt", [("service", "rw-corrupt")], Samples(Now - 60_000, 3))]);
        var notSnappy = body;
        var truncated = Snappy.CompressToArray(body.AsSpan(0, body.Length - 3));

        foreach (var (name, bad) in new[] { ("not snappy", notSnappy), ("truncated protobuf", truncated), ("empty snappy", Array.Empty<byte>()) })
        {
            using var response = await fixture.WriteAsync(bad);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
            Assert.False(string.IsNullOrWhiteSpace(text), name);
        }
        Assert.Equal(0, await fixture.CountAsync("metric = 'rw_corrupt'"));
    }

    [Fact]
    public async Task Bodies_over_the_compressed_or_decompressed_limit_are_413()
    {
        var random = new Random(7);
        var incompressible = new byte[RemoteWriteServer.MaxCompressedBytes + 1];
        random.NextBytes(incompressible);
        var manySeries = WriteRequestEncoder.Compressed(
            Enumerable.Range(0, 4_000).Select(i => RemoteSeries.Of("rw_large", [("service", "rw-large"), ("i", $"{i}")], Samples(Now - 60_000, 1))));
        Assert.True(manySeries.Length < RemoteWriteServer.MaxCompressedBytes);

        using var compressed = await fixture.WriteAsync(incompressible);
        using var decoded = await fixture.WriteAsync(manySeries);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, compressed.StatusCode);
        Assert.Contains("MaxCompressedBytes", await compressed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, decoded.StatusCode);
        Assert.Contains("MaxDecodedBytes", await decoded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("metric = 'rw_large'"));
    }

    [Fact]
    public async Task Writing_needs_an_ingest_token_without_a_team_limit()
    {
        var body = WriteRequestEncoder.Compressed([RemoteSeries.Of("rw_auth", [("service", "rw-auth")], Samples(Now - 60_000, 1))]);

        using var none = await fixture.WriteAsync(body, token: null);
        using var unknown = await fixture.WriteAsync(body, token: "not-a-token-0123456789abcdef");
        using var read = await fixture.WriteAsync(body, token: RemoteWriteServer.ReadToken);
        using var team = await fixture.WriteAsync(body, token: RemoteWriteServer.TeamIngestToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, team.StatusCode);
        Assert.Equal(0, await fixture.CountAsync("metric = 'rw_auth'"));
    }

    [Fact]
    public async Task Stale_markers_and_resent_samples_are_counted_not_stored_and_answered_204()
    {
        var start = Now - 600_000;
        var stale = BitConverter.Int64BitsToDouble(0x7ff0000000000002);
        var series = RemoteSeries.Of("rw_replay", [("service", "rw-replay")], [.. Samples(start, 3), (start + 60_000, stale)]);
        var nan = RemoteSeries.Of("rw_replay_nan", [("service", "rw-replay")], (start, double.NaN), (start + 1, double.PositiveInfinity));

        using var first = await fixture.WriteAsync(WriteRequestEncoder.Compressed([series, nan]));
        using var again = await fixture.WriteAsync(WriteRequestEncoder.Compressed([series, nan]));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(3, await fixture.CountAsync("metric = 'rw_replay'"));
        Assert.Equal(2, await fixture.CountAsync("metric = 'rw_replay_nan'"));
        var metrics = await fixture.MetricsAsync();
        Assert.Matches(@"insights_remote_write_samples_dropped_total\{reason=""stale_marker""\} [1-9]", metrics);
        Assert.Matches(@"insights_remote_write_samples_dropped_total\{reason=""duplicate""\} [1-9]", metrics);
        Assert.Matches(@"insights_remote_write_request_duration_seconds_count [1-9]", metrics);
    }

    [Fact]
    public async Task Other_encodings_and_remote_write_2_are_415()
    {
        var body = WriteRequestEncoder.Compressed([RemoteSeries.Of("rw_gzip", [("service", "rw-gzip")], Samples(Now - 60_000, 1))]);

        using var gzip = await fixture.WriteAsync(body, encoding: "gzip");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, gzip.StatusCode);
        Assert.Equal(0, await fixture.CountAsync("metric = 'rw_gzip'"));
    }
}
