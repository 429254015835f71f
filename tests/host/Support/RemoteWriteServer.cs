using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// An <c>insights serve</c> for remote write tests: tokens with the ingest scope (one limited to a team), a read
/// token, and small body limits (64 KiB compressed, 256 KiB decompressed) so 413 is cheap to provoke.
/// </summary>
public sealed class RemoteWriteServer : IAsyncLifetime
{
    public const string IngestToken = "ingest-token-0123456789abcdef";
    public const string TeamIngestToken = "team-ingest-token-0123456789ab";
    public const string ReadToken = "read-token-0123456789abcdef";
    public const int MaxCompressedBytes = 64 * 1024;
    public const int MaxDecodedBytes = 256 * 1024;

    public TempDir Work { get; } = new("remote-write");

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(Work.Path, Work.Sub("data"), new Dictionary<string, string>
        {
            ["Insights__Server__Tokens__0__Name"] = "prometheus",
            ["Insights__Server__Tokens__0__Token"] = IngestToken,
            ["Insights__Server__Tokens__0__Scopes__0"] = "ingest",
            ["Insights__Server__Tokens__1__Name"] = "team-ingest",
            ["Insights__Server__Tokens__1__Token"] = TeamIngestToken,
            ["Insights__Server__Tokens__1__Scopes__0"] = "ingest",
            ["Insights__Server__Tokens__1__Team"] = "payments",
            ["Insights__Server__Tokens__2__Name"] = "reader",
            ["Insights__Server__Tokens__2__Token"] = ReadToken,
            ["Insights__Server__Tokens__2__Scopes__0"] = "read",
            ["Insights__Ingest__RemoteWrite__MaxCompressedBytes"] = $"{MaxCompressedBytes}",
            ["Insights__Ingest__RemoteWrite__MaxDecodedBytes"] = $"{MaxDecodedBytes}",
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

    /// <summary>POSTs a remote write body with the headers Prometheus sends.</summary>
    public async Task<HttpResponseMessage> WriteAsync(byte[] body, string? token = IngestToken, string encoding = "snappy")
    {
        using var request = Server.Request(HttpMethod.Post, "/api/v1/write", token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add(encoding);
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return await Server.Http.SendAsync(request);
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

    public async Task<long> CountAsync(string where) =>
        (await QueryAsync($"SELECT count(*) FROM metric_samples WHERE {where}"))[0][0].GetInt64();

    public async Task<string> MetricsAsync()
    {
        using var response = await Server.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }
}
