using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// Against a real Elasticsearch, only when <c>INSIGHTS_TEST_ELASTICSEARCH_URL</c> is set (the test does not exist
/// otherwise). Credentials: <c>INSIGHTS_TEST_ELASTICSEARCH_API_KEY</c>, or <c>…_USERNAME</c> / <c>…_PASSWORD</c>; a custom
/// CA: <c>INSIGHTS_TEST_ELASTICSEARCH_CA</c>. It creates and deletes its own index.
/// </summary>
public sealed class ElasticsearchLiveTests
{
    private const int Documents = 2_345;

    [LiveElasticsearchFact]
    public async Task Live_Elasticsearch_pages_every_document_of_a_fresh_index_once_and_a_second_pull_stores_nothing()
    {
        var url = LiveElasticsearchFactAttribute.Url!.TrimEnd('/');
        var index = $"insights-live-{Guid.NewGuid():N}";
        var options = new ElasticsearchPullOptions
        {
            Url = url,
            ApiKey = Variable("API_KEY"),
            Username = Variable("USERNAME"),
            Password = Variable("PASSWORD"),
            CaCertificatePath = Variable("CA"),
            PageSize = 200,
            Backfill = TimeSpan.FromDays(2),
            Lag = TimeSpan.Zero,
            RetryDelay = TimeSpan.FromMilliseconds(200),
        };
        using var http = Http(options);
        var start = TimeProvider.System.GetUtcNow().AddHours(-5);
        await SendAsync(http, HttpMethod.Put, $"{url}/{index}",
            """{"mappings":{"properties":{"@timestamp":{"type":"date"},"event":{"properties":{"id":{"type":"keyword"}}}}}}""");
        try
        {
            var bulk = new StringBuilder();
            for (var i = 0; i < Documents; i++)
            {
                // Three documents per second, so pages end inside a timestamp and the tiebreaker matters.
                var at = start.AddSeconds(i / 3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                bulk.Append($$$"""{"index":{"_index":"{{{index}}}"}}""").Append('\n')
                    .Append($$$"""{"@timestamp":"{{{at}}}","event":{"id":"e{{{i:D6}}}","action":"build","outcome":"success"},"service":{"name":"live"}}""").Append('\n');
            }
            await SendAsync(http, HttpMethod.Post, $"{url}/_bulk?refresh=wait_for", bulk.ToString(), "application/x-ndjson");

            var store = new InMemoryEventPullStore();
            var registry = Metrics.NewCustomRegistry();
            var source = new ElasticsearchSource(new ElasticsearchApiClient(Options.Create(options)), store, new FixedCatalog(), new IngestMeters(registry),
                new ElasticsearchPullMeters(registry), new ElasticsearchPullStatus(), TimeProvider.System, NullLogger<ElasticsearchSource>.Instance);
            var live = new ElasticsearchSourceOptions { Name = index, IndexPatterns = [index] };

            var first = await source.PullAsync(live, null, null, CancellationToken.None);
            var second = await source.PullAsync(live, null, null, CancellationToken.None);

            Assert.True(first.Outcome == PullOutcome.Pulled, first.Error);
            Assert.Equal((Documents, Documents, 0L), (first.Received, first.Stored, first.Duplicates));
            Assert.Equal(Enumerable.Range(0, Documents).Select(i => $"e{i:D6}"), store.Events.Select(e => e.Event.EventId));
            Assert.Equal(0L, second.Stored);
        }
        finally
        {
            await SendAsync(http, HttpMethod.Delete, $"{url}/{index}", null);
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable($"INSIGHTS_TEST_ELASTICSEARCH_{name}") is { Length: > 0 } v ? v : null;

    private static HttpClient Http(ElasticsearchPullOptions options)
    {
        var handler = new HttpClientHandler();
        if (options.CaCertificatePath is { } path)
        {
            var ca = ElasticsearchApiClient.LoadCertificate(path);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            };
        }
        var http = new HttpClient(handler);
        if (options.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }
        else if (options.Username is { } user)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        }
        return http;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, string? body, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, type);
        }
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
