namespace Platform.Insights.Demo;

/// <summary>A process restart: both <c>http_requests_total</c> series of the service restart from 0 at <see cref="At"/>.</summary>
public sealed record DemoCounterReset(string Service, DateTimeOffset At);
