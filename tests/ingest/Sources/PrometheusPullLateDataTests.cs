using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// Points Prometheus gets after the pull has read their step (a series behind by more than <c>Lag</c>): the checkpoint
/// never passes now − <c>Lag</c>, a resumed pull re-reads its <c>Overlap</c> and stores exactly the late points, and every
/// point received is counted once as stored, <c>overlap</c>, <c>duplicate</c> or <c>nan</c>.
/// </summary>
public sealed class PrometheusPullLateDataTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2024-03-01T12:00:30Z", CultureInfo.InvariantCulture);
    private static readonly PrometheusQueryOptions Probe = new() { Name = "probe", Expr = "probe_success" };
    private const string OnTime = "\"__name__\":\"probe_success\",\"service\":\"a\"";
    private const string Late = "\"__name__\":\"probe_success\",\"service\":\"c\"";

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryPullStore _store = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task Steps_Prometheus_fills_after_they_were_read_are_stored_by_the_next_pulls_overlap_and_counted_once()
    {
        await using var prometheus = new FakePrometheus();
        // Service c's samples reach Prometheus late: at the first pull it has nothing after 11:57 for c.
        var lateUntil = Ms("2024-03-01T11:57:00Z");
        prometheus.Answer = r => Matrix(r, t => true, t => t <= lateUntil);
        var source = Source(prometheus.Url, TimeSpan.FromMinutes(5));
        var first = await source.PullAsync(Probe, null, null, CancellationToken.None);

        lateUntil = long.MaxValue;
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await source.PullAsync(Probe, null, null, CancellationToken.None);

        // Every step of c is stored, the late ones too.
        var c = _store.Samples.Where(s => s.Service == "c").Select(s => s.Sample.TimestampMs).ToList();
        Assert.Equal(Steps("2024-03-01T11:01:00Z", "2024-03-01T12:00:00Z"), c);
        Assert.Equal((116L, 116L), (first.Received, first.Stored));
        // Re-read 11:55 … 11:59 (the checkpoint), then the new 12:00: c's 11:58 and 11:59 are stored now.
        Assert.Equal((Ms("2024-03-01T11:55:00Z"), Ms("2024-03-01T11:59:00Z")), (prometheus.Requests[^2].StartMs, prometheus.Requests[^2].EndMs));
        Assert.Equal((Ms("2024-03-01T12:00:00Z"), Ms("2024-03-01T12:00:00Z")), (prometheus.Requests[^1].StartMs, prometheus.Requests[^1].EndMs));
        Assert.Equal((2, 12L, 4L, 8L, 0L), (second.Requests, second.Received, second.Stored, second.Reread, second.Duplicates));
        Assert.Equal(Ms("2024-03-01T12:00:00Z"), _store.Checkpoint("probe")!.LastEvaluatedMs);
        var exported = await Exported();
        Assert.Contains("insights_prometheus_pull_samples_received_total{query=\"probe\"} 128", exported, StringComparison.Ordinal);
        Assert.Contains("insights_prometheus_pull_samples_stored_total{query=\"probe\"} 120", exported, StringComparison.Ordinal);
        Assert.Contains("insights_prometheus_pull_samples_dropped_total{query=\"probe\",reason=\"overlap\"} 8", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("reason=\"duplicate\"", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlap_longer_than_a_request_is_re_read_in_chunks_and_stores_nothing_twice()
    {
        await using var prometheus = new FakePrometheus();
        prometheus.Answer = r => Matrix(r, t => true, t => true);
        var source = Source(prometheus.Url, TimeSpan.FromMinutes(30));
        await source.PullAsync(Probe, null, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));

        var resumed = await source.PullAsync(Probe, null, null, CancellationToken.None);

        // 30 steps re-read in requests of 25 + 5, then 12:00 and 12:01: every re-read point was stored already.
        Assert.Equal([25L, 5, 2], prometheus.Requests.Skip(3).Select(r => r.Points));
        Assert.Equal((3, 64L, 4L, 60L, 0L), (resumed.Requests, resumed.Received, resumed.Stored, resumed.Reread, resumed.Duplicates));
        Assert.Equal(2 * 61, _store.Samples.Count);
        Assert.Equal(_store.Samples.Count, _store.Samples.Select(s => (s.Service, s.Sample.TimestampMs)).Distinct().Count());
    }

    [Fact]
    public async Task An_explicit_window_ending_now_stops_at_now_minus_Lag_so_the_checkpoint_never_passes_an_unfinished_step()
    {
        await using var prometheus = new FakePrometheus();
        var source = Source(prometheus.Url, TimeSpan.Zero);

        var result = await source.PullAsync(Probe, new PullWindow(null, _time.GetUtcNow()), null, CancellationToken.None);

        Assert.Equal(Ms("2024-03-01T11:59:00Z"), result.EndMs);
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), prometheus.Requests[^1].EndMs);
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), _store.Checkpoint("probe")!.LastEvaluatedMs);
    }

    /// <summary>query_range's matrix for services a and c (value 1), each point present only where its predicate says so.</summary>
    private static string Matrix(FakeRequest request, Func<long, bool> onTime, Func<long, bool> late)
    {
        string Series(string labels, Func<long, bool> has)
        {
            var points = new List<string>();
            for (var t = request.StartMs; t <= request.EndMs; t += request.StepMs)
            {
                if (has(t))
                {
                    points.Add($"[{(t / 1000m).ToString(CultureInfo.InvariantCulture)},\"1\"]");
                }
            }
            return $"{{\"metric\":{{{labels}}},\"values\":[{string.Join(',', points)}]}}";
        }
        return $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{Series(OnTime, onTime)},{Series(Late, late)}]}}}}";
    }

    private PrometheusQuerySource Source(string url, TimeSpan overlap)
    {
        var options = Options.Create(new PrometheusPullOptions
        {
            Url = url,
            Backfill = TimeSpan.FromHours(1),
            Lag = TimeSpan.FromMinutes(1),
            Overlap = overlap,
            MaxPointsPerRequest = 25,
            MaxRetries = 0,
            Queries = [Probe],
        });
        return new PrometheusQuerySource(new PrometheusApiClient(new HttpClient(), options), _store, new ServiceRouting(["service"]),
            new IngestMeters(_registry), new PrometheusPullMeters(_registry), new PrometheusPullStatus(), options, _time,
            NullLogger<PrometheusQuerySource>.Instance);
    }

    private async Task<string> Exported()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static List<long> Steps(string from, string to)
    {
        var steps = new List<long>();
        for (var t = Ms(from); t <= Ms(to); t += 60_000)
        {
            steps.Add(t);
        }
        return steps;
    }

    private static long Ms(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
