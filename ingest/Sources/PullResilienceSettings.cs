namespace Platform.Insights.Ingest.Sources;

/// <summary>The retry, breaker and timeout settings every pull's options carry (<see cref="PullResilience"/>).</summary>
public sealed record PullResilienceSettings(
    int MaxRetries, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, int BreakAfterFailures, TimeSpan BreakDuration, TimeSpan RequestTimeout);
