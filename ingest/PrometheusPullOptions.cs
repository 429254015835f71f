using System.ComponentModel.DataAnnotations;
using Platform.Insights.Ingest.Parsers.PrometheusApi;

namespace Platform.Insights.Ingest;

/// <summary>
/// The Prometheus query API pull (section <c>Insights:Ingest:Prometheus</c>): PromQL queries fetched with
/// <c>/api/v1/query_range</c> every <see cref="Interval"/>, resuming from a checkpoint per query; the first pull of a
/// query reaches back <see cref="Backfill"/>. Nothing runs while <see cref="Queries"/> is empty.
/// </summary>
public sealed class PrometheusPullOptions : PullOptions, IValidatableObject
{
    public const string Section = "Insights:Ingest:Prometheus";

    /// <summary>Prometheus's base URL (with any path prefix), e.g. <c>http://prometheus:9090</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Basic authentication user (with <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The queries. Configured lists replace each other (there is no default to append to).</summary>
    public List<PrometheusQueryOptions> Queries { get; set; } = [];

    /// <summary>The newest evaluation pulled is this far behind the clock, so scrapes in flight are not missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Lag { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far before its checkpoint a resumed pull reads again, for points Prometheus gets after their step was first
    /// read (a series that appears late, steps after a series' last point: slow rule groups, remote-write or federation
    /// senders behind by more than <see cref="Lag"/>). Points already stored are dropped (<c>overlap</c>); a point
    /// between two stored points of its series is too (Prometheus's out-of-order rule), and so is a changed value:
    /// <see cref="Lag"/> is what keeps steps from being read before they are final. Zero: nothing is read twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.Zero;

    /// <summary>The resolution of queries that name none (Prometheus duration: <c>60s</c>, <c>1m</c>, …).</summary>
    public string Step { get; set; } = "60s";

    /// <summary>Most evaluation points per series in one request; Prometheus refuses more than 11,000.</summary>
    [Range(2, 11_000)]
    public int MaxPointsPerRequest { get; set; } = 11_000;

    /// <summary>The step of <paramref name="query"/>: its own, else <see cref="Step"/>.</summary>
    public TimeSpan StepOf(PrometheusQueryOptions query) => PromDuration.Parse(query?.Step ?? Step);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PromDuration.TryParse(Step, out var step) || step <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:Step '{Step}' is not a positive duration (e.g. 60s, 1m)", [nameof(Step)]);
        }
        if (Queries.Count > 0 && !IsHttpUrl(Url))
        {
            yield return new ValidationResult($"{Section}:Url must be an absolute http(s) URL when queries are configured (got '{Url}')", [nameof(Url)]);
        }
        if (BearerToken is { Length: > 0 } && Username is { Length: > 0 })
        {
            yield return new ValidationResult($"{Section}: set BearerToken or Username/Password, not both", [nameof(BearerToken)]);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Queries.Count; i++)
        {
            foreach (var problem in Queries[i].Problems())
            {
                yield return new ValidationResult($"{Section}:Queries:{i}: {problem}", [nameof(Queries)]);
            }
            if (Queries[i].Name is { Length: > 0 } name && !names.Add(name))
            {
                yield return new ValidationResult($"{Section}:Queries:{i}: Name '{name}' is used twice", [nameof(Queries)]);
            }
        }
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
