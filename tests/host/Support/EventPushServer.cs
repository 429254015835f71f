using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// An <c>insights serve</c> for log push and webhook tests: an ingest token, a team-limited ingest token and a read
/// token; a 4 KiB body limit for <c>POST /api/v1/logs</c>; a GitHub webhook secret; and a catalog in which
/// <c>checkout</c> is annotated <c>github.com/project-slug: Codertocat/Hello-World</c> and <c>storefront</c>
/// <c>argocd/app-name: guestbook</c>; <c>billing-api</c> and <c>gzip-app</c> are in it without annotations (a webhook
/// names them by repository or app name).
/// </summary>
public sealed class EventPushServer : IAsyncLifetime
{
    public const string IngestToken = "push-ingest-token-0123456789abcdef";
    public const string TeamIngestToken = "push-team-token-0123456789abcdef";
    public const string ReadToken = "push-read-token-0123456789abcdef";
    public const string GitHubSecret = "It's a Secret to Everybody";
    public const int MaxBodyBytes = 4096;

    private const string Catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
          annotations:
            github.com/project-slug: Codertocat/Hello-World
        spec:
          type: service
          lifecycle: production
          owner: group:payments
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: storefront
          annotations:
            argocd/app-name: guestbook
        spec:
          type: service
          lifecycle: production
          owner: group:web
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing-api
        spec:
          type: service
          lifecycle: production
          owner: group:payments
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: gzip-app
        spec:
          type: service
          lifecycle: production
          owner: group:web
        """;

    public TempDir Work { get; } = new("event-push");

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var catalog = Work.Write("catalog-info.yaml", Catalog);
        var loaded = await InsightsExe.RunAsync(Work.Path, ["catalog", "load", catalog, "--data", Work.Sub("data")]);
        Assert.True(loaded.ExitCode == 0, loaded.ToString());
        Server = await ServerProcess.StartAsync(Work.Path, Work.Sub("data"), new Dictionary<string, string>
        {
            ["Insights__Server__Tokens__0__Name"] = "shipper",
            ["Insights__Server__Tokens__0__Token"] = IngestToken,
            ["Insights__Server__Tokens__0__Scopes__0"] = "ingest",
            ["Insights__Server__Tokens__1__Name"] = "team-shipper",
            ["Insights__Server__Tokens__1__Token"] = TeamIngestToken,
            ["Insights__Server__Tokens__1__Scopes__0"] = "ingest",
            ["Insights__Server__Tokens__1__Team"] = "payments",
            ["Insights__Server__Tokens__2__Name"] = "reader",
            ["Insights__Server__Tokens__2__Token"] = ReadToken,
            ["Insights__Server__Tokens__2__Scopes__0"] = "read",
            ["Insights__Ingest__LogPush__MaxBodyBytes"] = $"{MaxBodyBytes}",
            ["Insights__Ingest__Webhooks__GitHubSecret"] = GitHubSecret,
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Server is not null)
            {
                Assert.Equal(0, await Server.StopAsync());
                await Server.DisposeAsync();
            }
        }
        finally
        {
            Work.Dispose();
        }
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string body, string? token, string type = "application/x-ndjson", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = Server.Request(HttpMethod.Post, path, token);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        return await Server.Http.SendAsync(request);
    }

    /// <summary>Posts <paramref name="body"/> gzip-compressed, with <c>Content-Encoding: gzip</c>.</summary>
    public async Task<HttpResponseMessage> PostGzipAsync(string path, byte[] body, string? token, string type = "application/x-ndjson", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = Server.Request(HttpMethod.Post, path, token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        request.Content.Headers.ContentEncoding.Add("gzip");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        return await Server.Http.SendAsync(request);
    }

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    /// <summary>Runs read-only SQL through the API and returns the rows as JSON elements.</summary>
    public async Task<List<JsonElement[]>> QueryAsync(string sql)
    {
        using var request = Server.Request(HttpMethod.Post, "/api/v1/query", ReadToken);
        request.Content = JsonContent.Create(new { sql });
        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{sql}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.Clone()).ToArray())];
    }

    public async Task<long> CountAsync(string where) => (await QueryAsync($"SELECT count(*) FROM log_events WHERE {where}"))[0][0].GetInt64();
}
