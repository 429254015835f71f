namespace Platform.Insights.Ingest.Resilience;

/// <summary>A failed attempt at an upstream: when, why (<see cref="UpstreamFailure.Reason"/>) and what it said.</summary>
public sealed record UpstreamOutcome(DateTimeOffset At, string Reason, string Detail);
