using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// Posts <see cref="WebhookMessage"/> to <c>Insights:Reports:Webhook:Url</c>, retrying 5xx, 429 and connection errors
/// with exponential backoff (Polly); a 4xx other than 429 is not retried (the URL or payload is wrong).
/// </summary>
public sealed class WebhookSink(IHttpClientFactory clients, IOptions<ReportsOptions> options, TimeProvider time) : IReportSink
{
    public const string ClientName = "insights-report-webhook";

    public string Name => "webhook";

    public bool Enabled => !string.IsNullOrEmpty(options.Value.Webhook.Url);

    public async Task DeliverAsync(GeneratedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = options.Value;
        var link = string.IsNullOrEmpty(o.PublicUrl)
            ? new Uri(Path.Combine(report.Directory, "report.html")).AbsoluteUri
            : $"{o.PublicUrl.TrimEnd('/')}/api/v1/reports/{report.Report.Id}/html";
        var body = WebhookMessage.Of(report.Report, link);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            TimeProvider = time,
        }.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = o.Webhook.MaxRetries,
            Delay = o.Webhook.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>().Handle<HttpRequestException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
        }).Build();
        using var client = clients.CreateClient(ClientName);
        using var response = await pipeline.ExecuteAsync(async token => await client.PostAsJsonAsync(o.Webhook.Url, body, token), cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
