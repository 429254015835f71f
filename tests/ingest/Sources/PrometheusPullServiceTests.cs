using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

public sealed class PrometheusPullServiceTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2024-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_service_pulls_at_start_then_every_interval_and_a_restarted_one_resumes_from_the_checkpoint()
    {
        await using var prometheus = new FakePrometheus();
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryPullStore();

        var first = Service(prometheus.Url, store, time);
        await first.StartAsync(CancellationToken.None);
        await store.WaitForCheckpointAsync("probe", Ms(Start.AddMinutes(-1)));
        time.Advance(TimeSpan.FromMinutes(5));
        await store.WaitForCheckpointAsync("probe", Ms(Start.AddMinutes(4)));
        await first.StopAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(10));
        var second = Service(prometheus.Url, store, time);
        await second.StartAsync(CancellationToken.None);
        await store.WaitForCheckpointAsync("probe", Ms(Start.AddMinutes(14)));
        await second.StopAsync(CancellationToken.None);

        var requests = prometheus.Requests;
        Assert.Equal(Ms(Start.AddHours(-1)), requests[0].StartMs);
        Assert.Equal((Ms(Start), Ms(Start.AddMinutes(4))), (requests[^2].StartMs, requests[^2].EndMs));
        Assert.Equal((Ms(Start.AddMinutes(5)), Ms(Start.AddMinutes(14))), (requests[^1].StartMs, requests[^1].EndMs));
        Assert.Equal(2 * 75, store.Samples.Count);
        Assert.Equal(store.Samples.Count, store.Samples.Select(s => (s.Sample.SeriesId, s.Sample.TimestampMs)).Distinct().Count());
    }

    [Fact]
    public async Task Without_queries_the_service_does_nothing()
    {
        var store = new InMemoryPullStore();
        var service = Service("http://127.0.0.1:9", store, new FakeTimeProvider(Start), queries: []);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.Equal(0, service.Rounds);
        Assert.Empty(store.Samples);
    }

    private static PrometheusPullService Service(string url, InMemoryPullStore store, FakeTimeProvider time, List<PrometheusQueryOptions>? queries = null)
    {
        var options = Options.Create(new PrometheusPullOptions
        {
            Url = url,
            Backfill = TimeSpan.FromHours(1),
            Interval = TimeSpan.FromMinutes(5),
            RetryDelay = TimeSpan.Zero,
            Queries = queries ?? [new PrometheusQueryOptions { Name = "probe", Expr = "probe_success" }],
        });
        var registry = Metrics.NewCustomRegistry();
        var source = new PrometheusQuerySource(new PrometheusApiClient(new HttpClient(), options), store, new ServiceRouting(["service"]),
            new IngestMeters(registry), new PrometheusPullMeters(registry), new PrometheusPullStatus(), options, time, NullLogger<PrometheusQuerySource>.Instance);
        return new PrometheusPullService(source, time, NullLogger<PrometheusPullService>.Instance);
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
