using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// The few Grafana HTTP API calls publishing needs (<c>/api/folders</c>, <c>/api/dashboards/uid/{uid}</c>,
/// <c>/api/dashboards/db</c>), each through the shared upstream pipeline (<see cref="GrafanaResilience"/>). The token is set once as the Authorization header and
/// never appears in a message, an exception or a log line.
/// </summary>
public sealed class GrafanaClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Upstream _upstream;

    public GrafanaClient(Uri baseUrl, string token, Upstream upstream, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/');
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = new Uri(BaseUrl + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _upstream = upstream;
    }

    public string BaseUrl { get; }

    /// <summary>Sends a request (built anew per attempt) and returns the status and parsed JSON body (null when empty or not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _upstream.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(method, path.TrimStart('/'));
                if (body is not null)
                {
                    request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                }
                return await _http.SendAsync(request, ct);
            }, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GrafanaApiException($"cannot reach Grafana at {BaseUrl} ({method} /{path.TrimStart('/')}): {e.Message}", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new GrafanaApiException($"Grafana at {BaseUrl} keeps failing; not asking again for {_upstream.Settings.BreakDuration.TotalSeconds:0} s ({method} /{path.TrimStart('/')})", e);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            throw new GrafanaApiException($"Grafana at {BaseUrl} did not answer {method} /{path.TrimStart('/')} in time", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    json = new JsonObject { ["message"] = text.Length > 200 ? text[..200] : text };
                }
            }
            return (response.StatusCode, json);
        }
    }

    public void Dispose() => _http.Dispose();
}
