using Platform.Insights.Ingest.Parsers.PrometheusApi;

namespace Platform.Insights.Ingest;

/// <summary>One pulled PromQL query (<c>Insights:Ingest:Prometheus:Queries:N</c>).</summary>
public sealed class PrometheusQueryOptions
{
    /// <summary>The checkpoint's key, and the metric name of results without <c>__name__</c> (so a valid metric name).</summary>
    public string Name { get; set; } = "";

    /// <summary>The PromQL expression.</summary>
    public string Expr { get; set; } = "";

    /// <summary>The resolution (<c>60s</c>, <c>1m</c>, …); null = the section's <c>Step</c>.</summary>
    public string? Step { get; set; }

    /// <summary>A label whose value names a result's service, tried before <c>Insights:Ingest:ServiceLabels</c>.</summary>
    public string? ServiceLabel { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!IsMetricName(Name))
        {
            yield return $"Name '{Name}' must be a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): it names results without __name__";
        }
        if (string.IsNullOrWhiteSpace(Expr))
        {
            yield return "Expr is empty";
        }
        if (Step is not null && (!PromDuration.TryParse(Step, out var step) || step <= TimeSpan.Zero))
        {
            yield return $"Step '{Step}' is not a positive duration (e.g. 60s, 1m)";
        }
    }

    public static bool IsMetricName(string? name) =>
        name is { Length: > 0 }
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}
