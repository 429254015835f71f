namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Incident and recovery figures over a window: incidents started in it, MTTR (mean time to recover: start to end of
/// the resolved ones, the DORA "failed deployment recovery time" style of mean), the median, MTBF (mean time between
/// failures: the observed service-time not spent in an incident, per incident) and the share recovered within the
/// recovery target (the seed's 5 minutes). Open incidents count as incidents but not in recovery times.
/// </summary>
public sealed record RecoveryStats(int Incidents, int Open, double? MttrMinutes, double? MedianRecoveryMinutes, double? MtbfHours, double? RecoveredWithinTargetShare)
{
    public static RecoveryStats Empty { get; } = new(0, 0, null, null, null, null);

    /// <param name="incidents">Incidents that started in the window.</param>
    /// <param name="window">The window (incident downtime is cut at its end).</param>
    /// <param name="services">Services observed, each contributing the window's length of service-time.</param>
    public static RecoveryStats Of(IReadOnlyCollection<Incident> incidents, UptimeWindow window, int services, TimeSpan recoveryTarget)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(window);
        var minutes = incidents.Where(i => i.End is not null).Select(i => i.DurationMinutes!.Value).Order().ToArray();
        var downtime = incidents.Sum(i => ((i.End is { } e && e < window.To ? e : window.To) - i.Start).TotalHours);
        double? mtbf = incidents.Count > 0 && services > 0
            ? Math.Max(0, (services * window.Length.TotalHours) - downtime) / incidents.Count
            : null;
        return new RecoveryStats(
            incidents.Count,
            incidents.Count - minutes.Length,
            minutes.Length > 0 ? minutes.Average() : null,
            Median(minutes),
            mtbf,
            minutes.Length > 0 ? (double)minutes.Count(m => m <= recoveryTarget.TotalMinutes) / minutes.Length : null);
    }

    /// <summary>The middle value of sorted numbers (the mean of the two middle ones for an even count); null when empty.</summary>
    public static double? Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
