using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// The process's upstreams, each guarded once (<see cref="Upstream"/>): callers ask for theirs by name, so a breaker's
/// state is shared by everything calling the same upstream and <c>/readyz</c> and <c>/metrics</c> see them all. The
/// breaker gauges are refreshed before every scrape (a breaker half-opens by the clock, not by an event). The keys set
/// under <c>Insights:Upstreams:&lt;name&gt;</c> (<see cref="UpstreamsOptions"/>) replace what the caller passes.
/// </summary>
public sealed class Upstreams
{
    private readonly ConcurrentDictionary<string, Upstream> _all = new(StringComparer.Ordinal);
    private readonly UpstreamMeters _meters;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly UpstreamsOptions _configured;

    public Upstreams(CollectorRegistry registry, TimeProvider time, ILoggerFactory? loggers = null, IOptions<UpstreamsOptions>? configured = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        (_meters, _time, _loggers) = (new UpstreamMeters(registry), time, loggers ?? NullLoggerFactory.Instance);
        _configured = configured?.Value ?? new UpstreamsOptions();
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var upstream in _all.Values)
            {
                _meters.Circuit(upstream.Name, upstream.Circuit);
            }
        });
    }

    /// <summary>A set of its own (a CLI verb, a test, a class built without the container): its own registry.</summary>
    public static Upstreams Standalone(TimeProvider time) => new(Metrics.NewCustomRegistry(), time);

    /// <summary>
    /// The upstream called <paramref name="name"/>; created with <paramref name="settings"/> (with its configured keys
    /// applied) the first time (later callers share it as it is). <paramref name="classify"/> names the client's own exceptions' failures;
    /// <paramref name="retried"/> lets a caller keep its own retry counter.
    /// </summary>
    public Upstream Get(string name, UpstreamResilienceSettings settings, Func<Exception, UpstreamFailure?>? classify = null, Action? retried = null) =>
        _all.GetOrAdd(name, n => new Upstream(n, _configured.Apply(n, settings), classify, retried, _meters, _time, _loggers.CreateLogger("Platform.Insights.Upstream." + n)));

    public IReadOnlyList<Upstream> All => [.. _all.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];
}
