using Polly.CircuitBreaker;
using Prometheus;

namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// Every upstream's series on <c>/metrics</c>, by <c>upstream</c>: attempts by outcome, failures by reason (timeout,
/// unreachable, server_error, throttled, rejected, circuit_open — a call the open breaker refused), retries, attempt
/// duration, and the breaker's state as a gauge (0 closed, 1 half-open, 2 open, 3 isolated), read at each scrape.
/// </summary>
public sealed class UpstreamMeters
{
    private readonly Counter _requests;
    private readonly Counter _failures;
    private readonly Counter _retries;
    private readonly Histogram _duration;
    private readonly Gauge _circuit;

    public UpstreamMeters(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("insights_upstream_requests_total", "Attempts at an upstream (each retry is one), by upstream and outcome (ok, failed).", "upstream", "outcome");
        _failures = factory.CreateCounter("insights_upstream_failures_total",
            "Failed attempts at an upstream, by upstream and reason (timeout, unreachable, server_error, throttled, rejected, circuit_open).", "upstream", "reason");
        _retries = factory.CreateCounter("insights_upstream_retries_total", "Attempts retried after a transient failure, by upstream.", "upstream");
        _duration = factory.CreateHistogram("insights_upstream_request_duration_seconds", "Time of one attempt at an upstream.",
            new HistogramConfiguration { LabelNames = ["upstream"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _circuit = factory.CreateGauge("insights_upstream_circuit_state", "The upstream's circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated.", "upstream");
    }

    public void Attempted(string upstream, string? failure, TimeSpan elapsed)
    {
        _requests.WithLabels(upstream, failure is null ? "ok" : "failed").Inc();
        _duration.WithLabels(upstream).Observe(elapsed.TotalSeconds);
        if (failure is not null)
        {
            _failures.WithLabels(upstream, failure).Inc();
        }
    }

    public void Failed(string upstream, string reason) => _failures.WithLabels(upstream, reason).Inc();

    public void Retried(string upstream) => _retries.WithLabels(upstream).Inc();

    public void Circuit(string upstream, CircuitState state) => _circuit.WithLabels(upstream).Set(state switch
    {
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        CircuitState.Isolated => 3,
        _ => 0,
    });
}
