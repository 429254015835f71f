using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Prometheus;

namespace Platform.Insights.Reports.Tests;

/// <summary>The webhook sink's Slack-compatible body and its retries; a failing sink does not stop the others.</summary>
public sealed class DeliveryTests
{
    private static readonly ReportPeriod Week = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");

    private static GeneratedReport Generated() => new(new Report("weekly-2026-W47", ReportKind.Weekly, "Weekly leadership report 2026-W47", Week, Week.Previous, null,
        Week.To, [new ScorecardRow("Availability", KpiUnit.Ratio, 0.9995, 0.999, 0.998, KpiStatus.OnTrack, null),
            new ScorecardRow("Adoption", KpiUnit.Ratio, null, 0.95, null, KpiStatus.Missing, "missing: productivity KPIs not available in this build")],
        [], [], [], []), Path.GetTempPath(), [], null, TimeSpan.Zero);

    private static WebhookSink Sink(FakeHandler handler, ReportMeters? meters = null) => new(new FakeClients(handler), Options.Create(new ReportsOptions
    {
        Webhook = new WebhookSinkOptions { Url = "http://hooks.example/T0/B0", MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(1) },
        PublicUrl = "https://insights.example",
    }), meters ?? new ReportMeters(Metrics.NewCustomRegistry()), TimeProvider.System);

    [Fact]
    public async Task The_webhook_gets_slack_json_with_the_scorecard_and_a_link_after_retrying_server_errors()
    {
        var handler = new FakeHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var registry = Metrics.NewCustomRegistry();
        await Sink(handler, new ReportMeters(registry)).DeliverAsync(Generated(), CancellationToken.None);

        Assert.Equal(3, handler.Bodies.Count);
        Assert.Equal(2, await RetriesAsync(registry, "webhook"));
        var body = JsonNode.Parse(handler.Bodies[^1])!;
        Assert.Contains("https://insights.example/api/v1/reports/weekly-2026-W47/html", body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var scorecard = body["blocks"]![1]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("*Availability*: 99.95 % (target 99.90 %) — on track", scorecard, StringComparison.Ordinal);
        Assert.Contains("*Adoption*: _missing: productivity KPIs not available in this build_", scorecard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_reported_and_the_folder_sink_still_delivers()
    {
        var handler = new FakeHandler(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway);
        var delivery = new ReportDelivery([Sink(handler), new FolderSink()], new ReportMeters(Metrics.NewCustomRegistry()), NullLogger<ReportDelivery>.Instance);

        var failed = await delivery.DeliverAsync(Generated(), CancellationToken.None);

        Assert.Equal(["webhook"], failed);
        Assert.Equal(4, handler.Bodies.Count); // the first try and 3 retries
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var handler = new FakeHandler(HttpStatusCode.NotFound, HttpStatusCode.OK);
        await Assert.ThrowsAsync<HttpRequestException>(() => Sink(handler).DeliverAsync(Generated(), CancellationToken.None));
        Assert.Single(handler.Bodies);
    }

    private static async Task<double> RetriesAsync(CollectorRegistry registry, string sink)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .Single(l => l.StartsWith($"insights_reports_delivery_retries_total{{sink=\"{sink}\"}}", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class FakeHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(answers[Math.Min(Bodies.Count - 1, answers.Length - 1)]);
        }
    }

    private sealed class FakeClients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
