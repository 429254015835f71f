using System.Text;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Resilience;

/// <summary>
/// The one pipeline every upstream shares, against an in-process server that hangs, answers 5xx or 4xx, on a fake clock:
/// per-attempt timeouts, retries with backoff, the breaker, and what <c>/metrics</c> shows.
/// </summary>
public sealed class UpstreamResilienceTests : IAsyncLifetime
{
    private readonly FakeUpstream _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_hung_upstream_times_out_each_attempt_then_the_open_breaker_refuses_calls_without_asking_until_it_answers_again()
    {
        var upstream = Upstream(new UpstreamResilienceSettings(0, TimeSpan.Zero, TimeSpan.Zero, 2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5)));
        _server.Otherwise = FakeUpstream.Hang;

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var call = Get(upstream);
            await _server.WaitForRequestsAsync(attempt);
            Assert.False(call.IsCompleted);
            _time.Advance(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        }
        Assert.Equal(CircuitState.Open, upstream.Circuit);

        await Assert.ThrowsAsync<BrokenCircuitException>(() => Get(upstream));
        Assert.Equal(2, _server.Requests);
        var metrics = await MetricsAsync();
        Assert.Contains("insights_upstream_failures_total{upstream=\"elasticsearch\",reason=\"timeout\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_upstream_failures_total{upstream=\"elasticsearch\",reason=\"circuit_open\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_upstream_circuit_state{upstream=\"elasticsearch\"} 2", metrics, StringComparison.Ordinal);
        Assert.Equal("timeout", upstream.FailingSince?.Reason);

        _server.Otherwise = 200;
        _time.Advance(TimeSpan.FromMinutes(1));
        using (var ok = await Get(upstream))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }
        Assert.Equal(CircuitState.Closed, upstream.Circuit);
        Assert.Null(upstream.FailingSince);
        Assert.Contains("insights_upstream_circuit_state{upstream=\"elasticsearch\"} 0", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_on_the_clock_and_the_answer_after_them_is_returned()
    {
        var upstream = Upstream(new UpstreamResilienceSettings(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 50, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)));
        _server.Script(503, 500);

        var call = Get(upstream);
        await _server.WaitForRequestsAsync(1);
        Assert.False(call.IsCompleted);
        // The backoff waits on the injected clock: nothing is asked again until it moves.
        await AdvanceUntilAsync(call);

        using var response = await call;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, _server.Requests);
        var metrics = await MetricsAsync();
        Assert.Contains("insights_upstream_retries_total{upstream=\"elasticsearch\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_upstream_failures_total{upstream=\"elasticsearch\",reason=\"server_error\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_upstream_requests_total{upstream=\"elasticsearch\",outcome=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.Equal(CircuitState.Closed, upstream.Circuit);
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_is_returned_to_the_caller_as_the_answer()
    {
        var upstream = Upstream(new UpstreamResilienceSettings(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 50, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)));
        _server.Otherwise = 502;

        var call = Get(upstream);
        await AdvanceUntilAsync(call);

        using var response = await call;
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(3, _server.Requests);
        Assert.Equal("server_error", upstream.FailingSince?.Reason);
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_does_not_open_the_breaker()
    {
        var upstream = Upstream(new UpstreamResilienceSettings(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)));
        _server.Otherwise = 401;

        for (var i = 0; i < 5; i++)
        {
            using var response = await Get(upstream);
            Assert.Equal(401, (int)response.StatusCode);
        }

        Assert.Equal(5, _server.Requests);
        Assert.Equal(CircuitState.Closed, upstream.Circuit);
        Assert.Contains("insights_upstream_failures_total{upstream=\"elasticsearch\",reason=\"rejected\"} 5", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_upstream_does_not_hold_up_calls_to_another_upstream()
    {
        var upstreams = new Upstreams(_registry, _time);
        var settings = new UpstreamResilienceSettings(0, TimeSpan.Zero, TimeSpan.Zero, 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        var hung = upstreams.Get("elasticsearch", settings);
        var healthy = upstreams.Get("prometheus", settings);
        await using var good = new FakeUpstream();
        _server.Otherwise = FakeUpstream.Hang;

        var stuck = hung.ExecuteAsync(ct => new ValueTask<HttpResponseMessage>(_http.GetAsync(_server.Url, ct)), CancellationToken.None).AsTask();
        await _server.WaitForRequestsAsync(1);
        for (var i = 0; i < 3; i++)
        {
            using var response = await healthy.ExecuteAsync(ct => new ValueTask<HttpResponseMessage>(_http.GetAsync(good.Url, ct)), CancellationToken.None);
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.False(stuck.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => stuck);
        Assert.Equal(["elasticsearch", "prometheus"], upstreams.All.Select(u => u.Name));
        Assert.Null(healthy.FailingSince);
    }

    private Upstream Upstream(UpstreamResilienceSettings settings) => new Upstreams(_registry, _time).Get("elasticsearch", settings);

    private Task<HttpResponseMessage> Get(Upstream upstream) =>
        upstream.ExecuteAsync(ct => new ValueTask<HttpResponseMessage>(_http.GetAsync(_server.Url, ct)), CancellationToken.None).AsTask();

    /// <summary>Moves the fake clock a second at a time until <paramref name="call"/> ends (the backoff timers fire on it).</summary>
    private async Task AdvanceUntilAsync(Task call)
    {
        for (var i = 0; i < 600 && !call.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(20));
        }
        Assert.True(call.IsCompleted, "the call did not finish within 600 s of fake time");
    }

    private async Task<string> MetricsAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
