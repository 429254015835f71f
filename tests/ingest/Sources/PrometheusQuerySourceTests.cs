using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

public sealed class PrometheusQuerySourceTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2024-03-01T12:00:30Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly PrometheusQueryOptions Probe = new() { Name = "probe", Expr = "probe_success" };

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryPullStore _store = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task First_pull_backfills_the_window_in_step_aligned_requests_of_at_most_the_point_limit()
    {
        await using var prometheus = new FakePrometheus();
        var source = Source(prometheus.Url);

        var result = await source.PullAsync(Probe, null, null, CancellationToken.None);

        // now 12:00:30, lag 1m, backfill 1h, step 60s: evaluations 11:01:00 … 11:59:00 = 59 points, 25 per request.
        Assert.Equal(PullOutcome.Pulled, result.Outcome);
        Assert.Equal([25L, 25, 9], prometheus.Requests.Select(r => r.Points));
        Assert.Equal(Ms("2024-03-01T11:01:00Z"), prometheus.Requests[0].StartMs);
        Assert.All(prometheus.Requests.Zip(prometheus.Requests.Skip(1)), p => Assert.Equal(p.First.EndMs + 60_000, p.Second.StartMs));
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), prometheus.Requests[^1].EndMs);
        Assert.All(prometheus.Requests, r => Assert.Equal(("/api/v1/query_range", "probe_success", 60_000L), (r.Path, r.Query, r.StepMs)));
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), _store.Checkpoint("probe")!.LastEvaluatedMs);
        Assert.Equal((2L, 118L, 118L, 0L), (result.Series, result.Received, result.Stored, result.Duplicates));
        Assert.All(_store.ServicesPerCall, count => Assert.Equal(2, count));
        Assert.Equal(["a", "b"], _store.Samples.Select(s => s.Service).Distinct().Order());
        Assert.Equal(11, _store.Samples.Count(s => s.Service == "b" && s.Sample.Value == 0));
    }

    [Fact]
    public async Task Later_pulls_and_a_restarted_source_resume_one_step_after_the_checkpoint()
    {
        await using var prometheus = new FakePrometheus();
        await Source(prometheus.Url).PullAsync(Probe, null, null, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await Source(prometheus.Url).PullAsync(Probe, null, null, CancellationToken.None);
        var nothing = await Source(prometheus.Url).PullAsync(Probe, null, null, CancellationToken.None);

        var resumed = prometheus.Requests[3];
        Assert.Equal((Ms("2024-03-01T12:00:00Z"), Ms("2024-03-01T12:04:00Z")), (resumed.StartMs, resumed.EndMs));
        Assert.Equal((PullOutcome.Pulled, 10L, 0L), (again.Outcome, again.Stored, again.Duplicates));
        Assert.Equal(PullOutcome.UpToDate, nothing.Outcome);
        Assert.Equal(4, prometheus.Requests.Count);
        Assert.Equal(2 * 64, _store.Samples.Count);
    }

    [Fact]
    public async Task An_explicit_window_that_overlaps_stored_points_stores_only_new_ones_and_never_moves_the_checkpoint_back()
    {
        await using var prometheus = new FakePrometheus();
        var source = Source(prometheus.Url);
        await source.PullAsync(Probe, null, null, CancellationToken.None);

        var window = new PullWindow(DateTimeOffset.Parse("2024-03-01T11:30:00Z"), DateTimeOffset.Parse("2024-03-01T11:40:00Z"));
        var result = await source.PullAsync(Probe, window, null, CancellationToken.None);

        Assert.Equal((22L, 0L, 22L), (result.Received, result.Stored, result.Duplicates));
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), _store.Checkpoint("probe")!.LastEvaluatedMs);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_pull_completes()
    {
        await using var prometheus = new FakePrometheus();
        prometheus.Script(503, FakePrometheus.Error("unavailable", "TSDB not ready"));
        prometheus.Script(503, "<html>proxy</html>");

        var result = await Source(prometheus.Url).PullAsync(Probe, null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Pulled, result.Outcome);
        Assert.Equal(118, result.Stored);
        Assert.Equal(5, prometheus.Requests.Count);
        Assert.Contains("insights_prometheus_pull_retries_total 2", await Exported());
    }

    [Fact]
    public async Task A_bad_query_is_not_retried_and_is_skipped_until_its_expression_changes()
    {
        await using var prometheus = new FakePrometheus();
        prometheus.Script(400, FakePrometheus.Error("bad_data", "1:14: parse error: unexpected end of input"));
        var source = Source(prometheus.Url);

        var refused = await source.PullAsync(Probe, null, null, CancellationToken.None);
        var skipped = await source.PullAsync(Probe, null, null, CancellationToken.None);
        var fixedQuery = await source.PullAsync(new PrometheusQueryOptions { Name = "probe", Expr = "probe_success{job=\"blackbox\"}" }, null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.SkippedBadQuery, refused.Outcome);
        Assert.Contains("parse error", refused.Error, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.SkippedBadQuery, skipped.Outcome);
        Assert.Equal(PullOutcome.Pulled, fixedQuery.Outcome);
        Assert.Equal(1 + 3, prometheus.Requests.Count);
        Assert.Contains("insights_prometheus_pull_errors_total{query=\"probe\",reason=\"bad_query\"} 1", await Exported());
    }

    [Fact]
    public async Task An_unreachable_Prometheus_fails_the_pull_after_retries_and_keeps_the_checkpoint()
    {
        var prometheus = new FakePrometheus();
        var url = prometheus.Url;
        await Source(url).PullAsync(Probe, null, null, CancellationToken.None);
        await prometheus.DisposeAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        var status = new PrometheusPullStatus();

        var result = await Source(url, status: status).PullAsync(Probe, null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Failed, result.Outcome);
        Assert.StartsWith("unreachable", result.Error, StringComparison.Ordinal);
        Assert.Equal(Ms("2024-03-01T11:59:00Z"), _store.Checkpoint("probe")!.LastEvaluatedMs);
        Assert.Single(status.Problems);
    }

    [Fact]
    public async Task A_Prometheus_that_keeps_failing_opens_the_circuit_and_is_not_asked_while_it_is_open()
    {
        await using var prometheus = new FakePrometheus();
        for (var i = 0; i < 2; i++)
        {
            prometheus.Script(503, FakePrometheus.Error("unavailable", "down"));
        }
        var source = Source(prometheus.Url, o => (o.MaxRetries, o.BreakAfterFailures) = (1, 2));

        var first = await source.PullAsync(Probe, null, null, CancellationToken.None);
        var second = await source.PullAsync(Probe, null, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var third = await source.PullAsync(Probe, null, null, CancellationToken.None);

        Assert.StartsWith("server_error", first.Error, StringComparison.Ordinal);
        Assert.StartsWith("circuit_open", second.Error, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.Pulled, third.Outcome);
        Assert.Equal(2 + 3, prometheus.Requests.Count);
    }

    [Fact]
    public async Task Results_without_a_name_take_the_query_name_NaN_is_dropped_infinities_kept_and_the_service_label_routes()
    {
        await using var prometheus = new FakePrometheus();
        prometheus.Answer = r => FakePrometheus.Matrix(r,
        [
            ("\"team_service\":\"checkout\",\"service\":\"ignored\"", t => t / 60_000 % 2 == 0 ? double.NaN : 0.5),
            ("\"team_service\":\"search\"", _ => double.PositiveInfinity),
        ], warnings: "PromQL info: metric might not be a counter");
        var query = new PrometheusQueryOptions { Name = "slo:ratio", Expr = "sum by (team_service) (rate(x[5m]))", Step = "5m", ServiceLabel = "team_service" };

        var result = await Source(prometheus.Url).PullAsync(query, null, null, CancellationToken.None);

        // 11:05 … 11:55 every 5 minutes: 11 points per series, 5 of checkout's (the even minutes) are NaN.
        Assert.Equal((22L, 5L, 17L), (result.Received, result.Dropped, result.Stored));
        Assert.All(_store.Samples, s => Assert.Equal("slo:ratio", s.Sample.Metric));
        Assert.Equal(6, _store.Samples.Count(s => s.Service == "checkout" && s.Sample.Value == 0.5));
        Assert.Equal(11, _store.Samples.Count(s => s.Service == "search" && double.IsPositiveInfinity(s.Sample.Value)));
        Assert.Contains("insights_prometheus_pull_samples_dropped_total{query=\"slo:ratio\",reason=\"nan\"} 5", await Exported());
    }

    [Theory]
    [InlineData("token-123", null, null, "Bearer token-123")]
    [InlineData(null, "grafana", "s3cret", "Basic Z3JhZmFuYTpzM2NyZXQ=")]
    [InlineData(null, null, null, null)]
    public async Task Configured_credentials_are_sent_with_every_request(string? token, string? user, string? password, string? header)
    {
        await using var prometheus = new FakePrometheus();

        await Source(prometheus.Url, o => (o.BearerToken, o.Username, o.Password) = (token, user, password)).PullAsync(Probe, null, null, CancellationToken.None);

        Assert.All(prometheus.Requests, r => Assert.Equal(header, r.Authorization));
    }

    [Fact]
    public async Task A_changed_expression_pulls_its_backfill_window_again()
    {
        await using var prometheus = new FakePrometheus();
        await Source(prometheus.Url).PullAsync(Probe, null, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = await Source(prometheus.Url).PullAsync(new PrometheusQueryOptions { Name = "probe", Expr = "probe_success > 0" }, null, null, CancellationToken.None);

        Assert.Equal(Ms("2024-03-01T11:02:00Z"), prometheus.Requests[3].StartMs);
        Assert.Equal("probe_success > 0", _store.Checkpoint("probe")!.Expr);
        Assert.Equal((116L, 2L), (changed.Duplicates, changed.Stored));
    }

    [Fact]
    public async Task A_query_whose_pull_lock_another_silo_holds_is_skipped_and_counted_by_source_and_reason()
    {
        await using var prometheus = new FakePrometheus();
        var other = new PrometheusQueryOptions { Name = "other", Expr = "up" };
        var source = Source(prometheus.Url, o => o.Queries = [Probe, other], locks: new HeldElsewhere("prometheus:probe"));

        var results = await source.PullAllAsync(CancellationToken.None);
        await source.PullAllAsync(CancellationToken.None);

        Assert.Equal(["other"], results.Select(r => r.Query));
        Assert.DoesNotContain(prometheus.Requests, r => r.Query == "probe_success");
        var exported = await Exported();
        Assert.Contains("insights_pull_skipped_total{source=\"prometheus:probe\",reason=\"held_elsewhere\"} 2", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("source=\"prometheus:other\"", exported, StringComparison.Ordinal);
    }

    private PrometheusQuerySource Source(string url, Action<PrometheusPullOptions>? configure = null, PrometheusPullStatus? status = null, IPullLock? locks = null)
    {
        var options = new PrometheusPullOptions
        {
            Url = url,
            Backfill = TimeSpan.FromHours(1),
            Lag = TimeSpan.FromMinutes(1),
            MaxPointsPerRequest = 25,
            RetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
            MaxRetries = 2,
            Queries = [Probe],
        };
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        return new PrometheusQuerySource(new PrometheusApiClient(new HttpClient(), wrapped), _store, new ServiceRouting(["service", "job"]),
            new IngestMeters(_registry), new PrometheusPullMeters(_registry), status ?? new PrometheusPullStatus(), wrapped, _time,
            NullLogger<PrometheusQuerySource>.Instance, locks: locks);
    }

    private async Task<string> Exported()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static long Ms(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
