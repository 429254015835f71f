using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// The 9.x .NET client against Elasticsearch 8.x and 9.x servers: its default <c>compatible-with=9</c> media type is
/// refused by 8.x (elastic/elasticsearch-net#8526), so the pull sends plain JSON on both headers, which every version reads.
/// </summary>
public sealed class ElasticsearchServerVersionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-01T12:00:00Z", CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryEventPullStore _store = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task The_pull_reads_every_document_from_an_Elasticsearch_server_of_major_version(int major)
    {
        await using var es = new FakeElasticsearch { ServerMajor = major };
        for (var i = 0; i < 150; i++)
        {
            es.Add("logs-a", $"e{i:D5}", $$"""{"@timestamp":"{{Now.AddMinutes(-30).AddSeconds(i).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","event":{"id":"e{{i:D5}}"},"service":{"name":"checkout"},"message":"ok"}""");
        }

        var result = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.True(result.Outcome == PullOutcome.Pulled, result.Error);
        Assert.Equal((150L, 150L), (result.Received, result.Stored));
        Assert.Equal(["open_pit", "search", "search", "close_pit"], es.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Every_request_sends_plain_JSON_on_Accept_and_Content_Type_so_the_two_headers_agree()
    {
        await using var es = new FakeElasticsearch { ServerMajor = 8 };
        es.Add("logs-a", "e1", $$$"""{"@timestamp":"{{{Now.AddMinutes(-30).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}","event":{"id":"e1"},"service":{"name":"checkout"}}""");

        await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.NotEmpty(es.Requests);
        Assert.All(es.Requests, r =>
        {
            Assert.Equal("application/json", r.Accept);
            Assert.Null(FakeElasticsearchMediaTypes.CompatibleWith(r.Accept));
            if (r.Body.Length > 0)
            {
                Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
                Assert.Null(FakeElasticsearchMediaTypes.CompatibleWith(r.ContentType));
            }
        });
    }

    /// <summary>The fake refuses what a real 8.x server refuses: the client's default headers, as reported upstream.</summary>
    [Fact]
    public async Task An_emulated_8_server_refuses_the_9_client_default_media_type_and_a_9_server_accepts_it()
    {
        await using var eight = new FakeElasticsearch { ServerMajor = 8 };
        await using var nine = new FakeElasticsearch { ServerMajor = 9 };
        var request = new OpenPointInTimeRequest(Indices.Parse("logs-*")) { KeepAlive = new Duration(TimeSpan.FromMinutes(1)) };

        var refused = await new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(eight.Url))).OpenPointInTimeAsync(request);
        var accepted = await new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(nine.Url))).OpenPointInTimeAsync(request);

        Assert.Equal(400, refused.ApiCallDetails.HttpStatusCode);
        Assert.Equal("media_type_header_exception", refused.ElasticsearchServerError?.Error?.Type);
        Assert.Equal(9, FakeElasticsearchMediaTypes.CompatibleWith(eight.Requests[0].Accept));
        Assert.True(accepted.IsValidResponse, accepted.DebugInformation);
    }

    [Theory]
    [InlineData(8, "application/vnd.elasticsearch+json;compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9", true)]
    [InlineData(8, "application/vnd.elasticsearch+json;compatible-with=8", "application/vnd.elasticsearch+json;compatible-with=8", false)]
    [InlineData(8, "application/vnd.elasticsearch+json;compatible-with=7", "application/vnd.elasticsearch+json;compatible-with=7", false)]
    [InlineData(8, "application/vnd.elasticsearch+json;compatible-with=6", "application/vnd.elasticsearch+json;compatible-with=6", true)]
    [InlineData(9, "application/vnd.elasticsearch+json;compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9", false)]
    [InlineData(9, "application/vnd.elasticsearch+json;compatible-with=8", "application/vnd.elasticsearch+json;compatible-with=8", false)]
    [InlineData(9, "application/vnd.elasticsearch+json;compatible-with=9", "application/json", true)]
    [InlineData(8, "application/json", "application/vnd.elasticsearch+json;compatible-with=8", true)]
    [InlineData(8, "application/json", "application/json", false)]
    public async Task The_emulated_server_checks_media_types_as_Elasticsearch_does(int major, string accept, string contentType, bool refused)
    {
        await using var es = new FakeElasticsearch { ServerMajor = major };
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, es.Url + "/logs-*/_pit?keep_alive=1m") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(refused ? 400 : 200, (int)response.StatusCode);
        Assert.Equal(refused, body.TryGetProperty("error", out var error) && error.GetProperty("type").GetString() == "media_type_header_exception");
    }

    private static ElasticsearchSourceOptions Logs() => ElasticsearchTestSources.Logs();

    private ElasticsearchSource Source(string url) => ElasticsearchTestSources.Create(url, _store, _registry, _time, o => o.MaxRetries = 0);
}
