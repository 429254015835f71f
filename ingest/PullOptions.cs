using System.ComponentModel.DataAnnotations;
using Platform.Insights.Ingest.Resilience;

namespace Platform.Insights.Ingest;

/// <summary>
/// What every scheduled pull from an upstream API is configured with (<see cref="PrometheusPullOptions"/>,
/// <see cref="ElasticsearchPullOptions"/>, under their own sections): its schedule and first-pull reach, and the retry,
/// breaker and timeout block that the shared <see cref="Upstream"/> pipeline is built from (<see cref="Resilience"/>).
/// </summary>
public abstract class PullOptions
{
    /// <summary>How often <c>insights serve</c> pulls everything configured.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back the first pull of a query or source (no checkpoint yet) reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan Backfill { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time allowed for one request (each retry gets its own).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Retries of a request after a 5xx, 429, timeout, connection error or what the API calls transient (Elasticsearch:
    /// failed shards), with exponential backoff and jitter.
    /// </summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many failed attempts within a minute (half or more failing) requests stop for <see cref="BreakDuration"/>.</summary>
    [Range(2, 1000)]
    public int BreakAfterFailures { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.5", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The retry block as <see cref="Upstreams.Get"/> takes it.</summary>
    public UpstreamResilienceSettings Resilience => new(MaxRetries, RetryDelay, MaxRetryDelay, BreakAfterFailures, BreakDuration, RequestTimeout);
}
