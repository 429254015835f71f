namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// The uptime KPIs of one service, team or the org over one window: availability and its coverage, the SLO's error
/// budget remaining, burn rates (the window's and the alert windows', all ending at <see cref="To"/>) and the
/// multiwindow alert state, and the incidents that started in the window with their recovery figures.
/// Ratios are 0..1 (availability 0.9995 = 99.95 %); null where there is no data to say.
/// </summary>
public sealed record UptimeKpiRow
{
    public required UptimeScope Scope { get; init; }
    public required string Name { get; init; }
    public string? Team { get; init; }
    public required string Window { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    /// <summary>Probe, requests, or mixed (a team measuring services both ways); null without data.</summary>
    public string? Sli { get; init; }
    public int Services { get; init; }
    public double? Availability { get; init; }
    public double? Coverage { get; init; }
    public required decimal SloTarget { get; init; }
    public double ErrorBudget { get; init; }
    public double? ErrorBudgetRemaining { get; init; }
    public double? BurnRate { get; init; }
    /// <summary>Burn rate per alert window (5m, 30m, 1h, 2h, 6h, 1d, 3d), ending at <see cref="To"/>.</summary>
    public required IReadOnlyDictionary<string, double?> BurnRates { get; init; }
    public BurnAlert Alert { get; init; }
    public required RecoveryStats Recovery { get; init; }
}
