namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// One upstream's guard (<c>Insights:Upstreams:&lt;name&gt;:…</c>): each key that is set replaces what the upstream's own
/// options give (<see cref="UpstreamResilienceSettings"/>); a key left out keeps it.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>Retries of a transient failure (timeout, connection error, 5xx, 429); 0 to 20.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>The first retry's delay (each next one doubles, with jitter); 0 to 10 minutes.</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>The longest delay between two retries; from <see cref="RetryDelay"/> to 1 hour.</summary>
    public TimeSpan? MaxRetryDelay { get; set; }

    /// <summary>Attempts within a minute, half of them failing, that open the breaker; 2 to 1,000.</summary>
    public int? BreakAfterFailures { get; set; }

    /// <summary>How long an open breaker refuses calls before one probe goes through; 1 second to 1 day.</summary>
    public TimeSpan? BreakDuration { get; set; }

    /// <summary>Each attempt's limit (for SMTP the whole connect + login + upload); 1 second to 1 hour.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary><paramref name="settings"/> with every key set here replacing its value.</summary>
    public UpstreamResilienceSettings Apply(UpstreamResilienceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var retryDelay = RetryDelay ?? settings.RetryDelay;
        return new UpstreamResilienceSettings(
            MaxRetries ?? settings.MaxRetries,
            retryDelay,
            MaxRetryDelay ?? (settings.MaxRetryDelay < retryDelay ? retryDelay : settings.MaxRetryDelay),
            BreakAfterFailures ?? settings.BreakAfterFailures,
            BreakDuration ?? settings.BreakDuration,
            Timeout ?? settings.Timeout);
    }
}
