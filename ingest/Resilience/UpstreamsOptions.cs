using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// Retry, breaker and timeout of the upstreams whose own options have no such keys (section <c>Insights:Upstreams</c>):
/// <c>grafana</c>, <c>smtp</c>, <c>report_webhook</c>, <c>cleanup_webhook</c>. The Prometheus and Elasticsearch pulls keep
/// theirs under <c>Insights:Ingest:Prometheus</c> / <c>Insights:Ingest:Elasticsearch</c>.
/// </summary>
public sealed class UpstreamsOptions : IValidatableObject
{
    public const string Section = "Insights";

    /// <summary>The names this section accepts (the <c>upstream</c> label on <c>/metrics</c>).</summary>
    public static readonly IReadOnlyList<string> Names = ["grafana", "smtp", "report_webhook", "cleanup_webhook"];

    public Dictionary<string, UpstreamOptions> Upstreams { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The upstream's settings with its configured keys applied.</summary>
    public UpstreamResilienceSettings Apply(string name, UpstreamResilienceSettings settings)
    {
        foreach (var (key, options) in Upstreams)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return options.Apply(settings);
            }
        }
        return settings;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, o) in Upstreams)
        {
            var key = $"{Section}:Upstreams:{name}";
            if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return new ValidationResult(
                    $"{key} is not an upstream with settings here (one of {string.Join(", ", Names)}; the pulls keep theirs under Insights:Ingest:Prometheus / Elasticsearch)",
                    [nameof(Upstreams)]);
                continue;
            }
            foreach (var failure in Outside(key, o))
            {
                yield return new ValidationResult(failure, [nameof(Upstreams)]);
            }
        }
    }

    private static IEnumerable<string> Outside(string key, UpstreamOptions o)
    {
        if (o.MaxRetries is < 0 or > 20)
        {
            yield return $"{key}:MaxRetries must be between 0 and 20 (was {o.MaxRetries})";
        }
        if (o.RetryDelay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(10)))
        {
            yield return $"{key}:RetryDelay must be between 00:00:00 and 00:10:00 (was {delay})";
        }
        if (o.MaxRetryDelay is { } max && (max > TimeSpan.FromHours(1) || max < (o.RetryDelay ?? TimeSpan.Zero)))
        {
            yield return $"{key}:MaxRetryDelay must be between RetryDelay and 01:00:00 (was {max})";
        }
        if (o.BreakAfterFailures is < 2 or > 1_000)
        {
            yield return $"{key}:BreakAfterFailures must be between 2 and 1000 (was {o.BreakAfterFailures})";
        }
        if (o.BreakDuration is { } open && (open < TimeSpan.FromSeconds(1) || open > TimeSpan.FromDays(1)))
        {
            yield return $"{key}:BreakDuration must be between 00:00:01 and 1.00:00:00 (was {open})";
        }
        if (o.Timeout is { } timeout && (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromHours(1)))
        {
            yield return $"{key}:Timeout must be between 00:00:01 and 01:00:00 (was {timeout})";
        }
    }
}
