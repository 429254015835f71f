using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Resilience;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Polly.Timeout;
using Prometheus;

namespace Platform.Insights.Reports.Tests;

/// <summary>
/// An SMTP relay that accepts the connection and never says a word: the delivery must end on the injected clock (three
/// command timeouts per attempt), be counted as a timeout of the <c>smtp</c> upstream, and not hang the caller.
/// </summary>
public sealed class ResilienceSmtpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("insights-smtp-hang-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_relay_that_never_answers_ends_the_delivery_on_the_clock_and_counts_a_timeout()
    {
        using var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var registry = Metrics.NewCustomRegistry();
        var smtp = new SmtpSinkOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)relay.LocalEndpoint).Port,
            Security = SmtpSecurity.None,
            From = "Platform Insights <insights@example.com>",
            Recipients = new SmtpRecipients { Weekly = ["cto@example.com"] },
            MaxRetries = 0,
            RetryDelay = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMinutes(10),
        };
        var sink = new SmtpSink(Options.Create(new ReportsOptions { Smtp = smtp }), new ReportMeters(registry), time, new Upstreams(registry, time));
        var period = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
        var report = new Report(Report.IdOf(ReportKind.Weekly, period, null), ReportKind.Weekly, "Weekly leadership report 2026-W47", period, period.Previous, null, period.To,
            [new ScorecardRow("Availability", KpiUnit.Ratio, 0.9995, 0.999, 0.998, KpiStatus.OnTrack, null)], [], [], [], []);

        var delivery = sink.DeliverAsync(new GeneratedReport(report, _dir, [], null, TimeSpan.Zero), CancellationToken.None);
        using var held = await relay.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(delivery.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => delivery).WaitAsync(TimeSpan.FromSeconds(30));
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        Assert.Contains("insights_upstream_failures_total{upstream=\"smtp\",reason=\"timeout\"} 1", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }
}
