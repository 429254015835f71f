using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// Posts <see cref="WebhookMessage"/> to <c>Insights:Reports:Webhook:Url</c>, retrying 5xx, 429 and connection errors
/// with exponential backoff through the shared upstream pipeline (<see cref="Upstream"/> "report_webhook": a breaker
/// and a 30 s timeout per attempt; each retry counted in <c>insights_reports_delivery_retries_total{sink="webhook"}</c>);
/// a 4xx other than 429 is not retried (the URL or payload is wrong).
/// </summary>
public sealed class WebhookSink(IHttpClientFactory clients, IOptions<ReportsOptions> options, ReportMeters meters, TimeProvider time, Upstreams? upstreams = null) : IReportSink
{
    public const string ClientName = "insights-report-webhook";
    public const string UpstreamName = "report_webhook";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    private readonly Upstreams _upstreams = upstreams ?? Upstreams.Standalone(time);

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
        var upstream = _upstreams.Get(UpstreamName, UpstreamResilienceSettings.Of(o.Webhook.MaxRetries, o.Webhook.RetryDelay, AttemptTimeout),
            retried: () => meters.Retried(Name));
        using var client = clients.CreateClient(ClientName);
        using var response = await upstream.ExecuteAsync(async token => await client.PostAsJsonAsync(o.Webhook.Url, body, token), cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
