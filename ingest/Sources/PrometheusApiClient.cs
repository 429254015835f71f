using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Parsers.PrometheusApi;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>GET /api/v1/query_range</c> against the configured Prometheus with its bearer or basic credentials. A non-2xx
/// answer, or a 2xx whose status is not <c>success</c>, throws <see cref="PrometheusApiException"/> with the status code
/// and the API's <c>errorType</c>; retries are the caller's (<see cref="Resilience.Upstream"/>).
/// </summary>
public sealed class PrometheusApiClient(HttpClient http, IOptions<PrometheusPullOptions> options)
{
    private readonly PrometheusPullOptions _options = options.Value;

    public string BaseUrl => (_options.Url ?? "").TrimEnd('/');

    public async Task<PrometheusResponse> QueryRangeAsync(string expr, QueryRangeChunk chunk, long stepMs, CancellationToken cancellationToken)
    {
        var uri = $"{BaseUrl}/api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={PromDuration.ApiSeconds(chunk.StartMs)}"
            + $"&end={PromDuration.ApiSeconds(chunk.EndMs)}&step={PromDuration.ApiSeconds(stepMs)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_options.BearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_options.Username is { Length: > 0 } user)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        PrometheusResponse parsed;
        try
        {
            parsed = PrometheusResponseParser.Parse(body);
        }
        catch (FormatException e)
        {
            var snippet = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ");
            throw response.IsSuccessStatusCode
                ? new PrometheusApiException(0, "bad_response", $"Prometheus answered {status} with {e.Message}")
                : new PrometheusApiException(status, null, $"Prometheus answered {status} {response.ReasonPhrase}: {snippet}");
        }
        if (!response.IsSuccessStatusCode || !parsed.IsSuccess)
        {
            throw new PrometheusApiException(status, parsed.ErrorType, $"Prometheus answered {status} {parsed.ErrorType}: {parsed.Error}");
        }
        return parsed;
    }
}
