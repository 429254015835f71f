using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>
/// POSTs each step as JSON to an executor the user runs (their credentials never reach Insights), with the step key as
/// <c>Idempotency-Key</c> and retries on 5xx, 429, timeouts and network errors through the shared upstream pipeline
/// (<see cref="Upstream"/> "cleanup_webhook": backoff, a breaker, <c>Timeout</c> per attempt on the injected clock) —
/// retrying is safe because the executor sees the same key. A 2xx answer is success; its body is the detail.
/// The executor may answer <c>{"previousReplicas": N}</c> for ScaleToZero.
/// </summary>
public sealed class WebhookActionProvider : ICleanupActionProvider
{
    private readonly HttpClient _http;
    private readonly WebhookProviderOptions _options;
    private readonly Upstream _upstream;

    public const string UpstreamName = "cleanup_webhook";

    public WebhookActionProvider(IOptions<CleanupOptions> options, TimeProvider time, HttpMessageHandler? handler = null, Upstreams? upstreams = null)
    {
        _options = options.Value.Webhook;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline times each attempt
        _upstream = (upstreams ?? Upstreams.Standalone(time)).Get(UpstreamName,
            UpstreamResilienceSettings.Of(Math.Max(_options.Retries, 1), _options.RetryDelay, _options.Timeout));
    }

    public string Name => "webhook";

    public async Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken)
    {
        using var response = await _upstream.ExecuteAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = JsonContent.Create(step, options: CleanupJson.Options) };
            request.Headers.Add("Idempotency-Key", step.StepKey);
            if (_options.Token is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return await _http.SendAsync(request, ct);
        }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return CleanupStepResult.Failed($"executor answered {(int)response.StatusCode}: {Trim(body)}");
        }
        int? previous = null;
        if (body.Length > 0 && body.TrimStart().StartsWith('{'))
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("previousReplicas", out var p) && p.TryGetInt32(out var n))
                {
                    previous = n;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: the body is only the detail.
            }
        }
        return CleanupStepResult.Ok($"executor answered {(int)response.StatusCode}: {Trim(body)}", previous ?? (step.Action == CleanupAction.ScaleToZero ? step.Replicas : null));
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
