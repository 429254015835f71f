namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// One outage of a service: from its probe SLI (first failing sample to first succeeding one), from incident events
/// (<c>event.action: incident</c>, <c>event.start</c> / <c>event.end</c>), or both when they overlap
/// (<see cref="Source"/> <c>probe+event</c>). <see cref="End"/> is null while it is open (as of the query's end).
/// </summary>
public sealed record Incident(string Id, string Service, string? Team, DateTime Start, DateTime? End, string Source)
{
    public TimeSpan? Duration => End is { } e ? e - Start : null;

    public double? DurationMinutes => Duration?.TotalMinutes;
}
