using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Store;
using Polly;
using Polly.Retry;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>
/// POSTs each step as JSON to an executor the user runs (their credentials never reach Insights), with the step key as
/// <c>Idempotency-Key</c> and retries on 5xx, 429 and network errors. A 2xx answer is success; its body is the detail.
/// The executor may answer <c>{"previousReplicas": N}</c> for ScaleToZero.
/// </summary>
public sealed class WebhookActionProvider : ICleanupActionProvider
{
    private readonly HttpClient _http;
    private readonly WebhookProviderOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public WebhookActionProvider(IOptions<CleanupOptions> options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options.Value.Webhook;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = _options.Timeout;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(_options.Retries, 1),
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _options.RetryDelay > TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
            })
            .Build();
    }

    public string Name => "webhook";

    public async Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken)
    {
        using var response = await _retry.ExecuteAsync(async ct =>
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
