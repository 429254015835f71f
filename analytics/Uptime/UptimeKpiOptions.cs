using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Settings of the uptime KPIs (section <c>Insights:Uptime</c>; <c>Insights:Uptime:Utilisation</c> is
/// <see cref="UtilisationOptions"/>): which metrics are the probe and request SLIs, which labels mark a 5xx
/// answer, the SLO target of services without an <c>insights.platform/slo</c> annotation, the shortest probe
/// outage that counts as an incident and the recovery target. Unset lists take the defaults below; a configured
/// list replaces its default (it is not appended to it).
/// </summary>
public sealed class UptimeKpiOptions : IValidatableObject
{
    public const string Section = "Insights:Uptime";

    /// <summary>Probe SLIs in order of preference: a service with several uses the first it has.</summary>
    public static readonly IReadOnlyList<string> DefaultProbeMetrics = ["probe_success", "up"];

    public static readonly IReadOnlyList<string> DefaultRequestMetrics = ["http_requests_total", "http_server_requests_seconds_count", "http_server_request_duration_seconds_count"];

    /// <summary>Labels that carry the HTTP status of a request counter; a value starting with 5 is an error.</summary>
    public static readonly IReadOnlyList<string> DefaultErrorCodeLabels = ["code", "status", "status_code", "http_status_code", "http_response_status_code"];

    public string[]? ProbeMetrics { get; set; }

    public string[]? RequestMetrics { get; set; }

    public string[]? ErrorCodeLabels { get; set; }

    /// <summary>SLO target in percent for services without the catalog annotation (the seed's 99.9).</summary>
    public decimal DefaultSloTarget { get; set; } = 99.9m;

    /// <summary>A probe outage shorter than this (first failing to first succeeding sample) is not an incident.</summary>
    public TimeSpan MinimumIncidentDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A request-SLI bucket fails when its error ratio exceeds this many times the error budget (1 − SLO): the SRE
    /// workbook's page-level burn rate, so an incident from requests is what would have paged.
    /// </summary>
    public double RequestIncidentBurnRate { get; set; } = 14.4;

    /// <summary>The buckets request counters are judged in for incidents (their resolution: start and end fall on bucket starts).</summary>
    public TimeSpan RequestIncidentBucket { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The recovery target the "recovered within" share is measured against (the seed's 5 minutes).</summary>
    public TimeSpan RecoveryTarget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Assumed scrape interval of a series with a single sample (its interval cannot be measured).</summary>
    public TimeSpan DefaultScrapeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far before a window the store is read, so a counter's first increase in it and an incident already running at its start are seen.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The uptime API (<see cref="UptimeApiAnswers"/>) serves a computed answer again without recomputing while no store
    /// write committed since and it is younger than this.
    /// </summary>
    public TimeSpan ApiFreshFor { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an API read waits for its answer's recompute before it is answered from the last snapshot (with HTTP <c>Age</c>).</summary>
    public TimeSpan ApiWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An API snapshot older than this is never served: the read waits for the recompute however long it takes.</summary>
    public TimeSpan ApiMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An API snapshot younger than this that is no longer current is served at once (HTTP <c>Age</c>, <c>Insights-Stale: true</c>)
    /// while its recompute runs in the background, when that recompute is known to be late (the question's last computation
    /// took longer than <see cref="ApiWait"/>, or the running one already has); otherwise the read waits up to <c>ApiWait</c>.
    /// At most <see cref="ApiMaxAge"/>; zero turns it off. Default = <c>ApiMaxAge</c>'s default: a late recompute's read got that
    /// same snapshot after <c>ApiWait</c> anyway (RELIABILITY.md §5.10: recomputes outgrew 2 minutes within 3 minutes of ingest).
    /// </summary>
    public TimeSpan ApiServeStaleFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Distinct API questions (parameters and team limit) whose last answer is kept.</summary>
    public int ApiSnapshots { get; set; } = 256;

    /// <summary>
    /// How many API recomputes (uptime and incidents together) and KPI gauge refreshes run at a time; the others wait for a
    /// turn, a recompute still its question's recompute in flight. Each one alone reaches DuckDB's memory limit on a large store, so several at once
    /// sort on disk (BENCHMARKS.md §38, §39).
    /// </summary>
    public int ApiMaxConcurrentRecomputes { get; set; } = 1;

    public UtilisationOptions Utilisation { get; set; } = new();

    public IReadOnlyList<string> ProbeMetricNames => ProbeMetrics ?? DefaultProbeMetrics;

    public IReadOnlyList<string> RequestMetricNames => RequestMetrics ?? DefaultRequestMetrics;

    public IReadOnlyList<string> ErrorCodeLabelNames => ErrorCodeLabels ?? DefaultErrorCodeLabels;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, list) in new[] { (nameof(ProbeMetrics), ProbeMetrics), (nameof(RequestMetrics), RequestMetrics), (nameof(ErrorCodeLabels), ErrorCodeLabels) })
        {
            if (list is not null && (list.Length == 0 || list.Any(string.IsNullOrWhiteSpace)))
            {
                yield return new ValidationResult($"{Section}:{name} must list at least one name and no empty ones", [name]);
            }
        }
        if (ApiFreshFor < TimeSpan.Zero || ApiWait < TimeSpan.Zero || ApiMaxAge < ApiFreshFor || ApiMaxAge > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:ApiFreshFor, ApiWait and ApiMaxAge must not be negative, and ApiMaxAge must be between ApiFreshFor and 1.00:00:00",
                [nameof(ApiFreshFor), nameof(ApiWait), nameof(ApiMaxAge)]);
        }
        if (ApiServeStaleFor < TimeSpan.Zero || ApiServeStaleFor > ApiMaxAge)
        {
            yield return new ValidationResult($"{Section}:ApiServeStaleFor must be between 00:00:00 and ApiMaxAge", [nameof(ApiServeStaleFor)]);
        }
        if (ApiSnapshots < 1)
        {
            yield return new ValidationResult($"{Section}:ApiSnapshots must be at least 1", [nameof(ApiSnapshots)]);
        }
        if (ApiMaxConcurrentRecomputes < 1)
        {
            yield return new ValidationResult($"{Section}:ApiMaxConcurrentRecomputes must be at least 1", [nameof(ApiMaxConcurrentRecomputes)]);
        }
        if (DefaultSloTarget is <= 0m or >= 100m)
        {
            yield return new ValidationResult($"{Section}:DefaultSloTarget must be a percentage strictly between 0 and 100 (e.g. 99.9)", [nameof(DefaultSloTarget)]);
        }
        if (MinimumIncidentDuration < TimeSpan.Zero || MinimumIncidentDuration > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:MinimumIncidentDuration must be between 00:00:00 and 1.00:00:00", [nameof(MinimumIncidentDuration)]);
        }
        if (!double.IsFinite(RequestIncidentBurnRate) || RequestIncidentBurnRate <= 0)
        {
            yield return new ValidationResult($"{Section}:RequestIncidentBurnRate must be a positive number (e.g. 14.4)", [nameof(RequestIncidentBurnRate)]);
        }
        if (RequestIncidentBucket < TimeSpan.FromSeconds(1) || RequestIncidentBucket > TimeSpan.FromHours(1) || RequestIncidentBucket.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult($"{Section}:RequestIncidentBucket must be whole seconds between 00:00:01 and 01:00:00", [nameof(RequestIncidentBucket)]);
        }
        if (RecoveryTarget <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:RecoveryTarget must be positive (e.g. 00:05:00)", [nameof(RecoveryTarget)]);
        }
        if (DefaultScrapeInterval < TimeSpan.FromSeconds(1) || DefaultScrapeInterval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:DefaultScrapeInterval must be between 00:00:01 and 1.00:00:00", [nameof(DefaultScrapeInterval)]);
        }
        if (Lookback < TimeSpan.Zero || Lookback > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult($"{Section}:Lookback must be between 00:00:00 and 7.00:00:00", [nameof(Lookback)]);
        }
        foreach (var error in Utilisation.Validate($"{Section}:Utilisation"))
        {
            yield return new ValidationResult(error, [nameof(Utilisation)]);
        }
    }
}
