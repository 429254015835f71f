using System.Net.Http.Json;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// An <c>insights serve</c> that a trial kills with SIGKILL and starts again on the same data directory and port, so
/// the senders' resends reach the new process as Prometheus's would.
/// </summary>
/// <param name="environment">Settings beyond the tokens (cluster mode's, say); <paramref name="arguments"/> extra <c>serve</c> arguments.</param>
public sealed class CrashServer(string workDirectory, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null,
    IReadOnlyList<string>? arguments = null) : IAsyncDisposable
{
    public const string IngestToken = "crash-ingest-token-0123456789abcdef";
    public const string ReadToken = "crash-read-token-0123456789abcdef";
    private readonly int _port = ServerProcess.FreePort();
    private ServerProcess? _server;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    public int Starts { get; private set; }

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Insights__Server__Tokens__0__Name"] = "sender",
            ["Insights__Server__Tokens__0__Token"] = IngestToken,
            ["Insights__Server__Tokens__0__Scopes__0"] = "ingest",
            ["Insights__Server__Tokens__1__Name"] = "checker",
            ["Insights__Server__Tokens__1__Token"] = ReadToken,
            ["Insights__Server__Tokens__1__Scopes__0"] = "read",
            ["Insights__Reports__ScheduleEnabled"] = "false",
        };
        _server = await ServerProcess.StartAsync(workDirectory, dataDirectory, settings, TimeSpan.FromMinutes(3), arguments, port: _port);
        Starts++;
    }

    public async Task KillAsync()
    {
        if (_server is not null)
        {
            await _server.KillAsync();
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>One row of read-only SQL through <c>POST /api/v1/query</c>, as numbers.</summary>
    public async Task<long[]> QueryRowAsync(string sql)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReadToken);
        using var response = await http.PostAsJsonAsync("/api/v1/query", new { sql });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{sql}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("rows")[0].EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? 0 : v.GetInt64())];
    }

    public override string ToString() => _server?.ToString() ?? "insights serve (not running)";

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(TimeSpan.FromSeconds(30));
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
