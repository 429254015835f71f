namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Error budget, budget remaining, burn rate and the multiwindow alert state — the definitions of the Google SRE
/// workbook, chapter "Alerting on SLOs", as Sloth and Pyrra generate them:
/// error budget = 1 − target; burn rate = error ratio over a window / error budget (1 = the budget lasts exactly the
/// SLO window); budget remaining = (availability − target) / (1 − target) (Pyrra's error-budget panel: 1 = untouched,
/// 0 = spent, negative = overspent).
/// </summary>
public static class SloMath
{
    /// <summary>The workbook's table 5-8 (and Sloth's page/ticket rules): (long window, short window, factor, severity).</summary>
    public static IReadOnlyList<(string Long, string Short, double Factor, BurnAlert Severity)> Alerts { get; } =
    [
        ("1h", "5m", 14.4, BurnAlert.Page),
        ("6h", "30m", 6, BurnAlert.Page),
        ("1d", "2h", 3, BurnAlert.Ticket),
        ("3d", "6h", 1, BurnAlert.Ticket),
    ];

    /// <param name="targetPercent">SLO target in percent, e.g. 99.9.</param>
    public static double ErrorBudget(decimal targetPercent) => 1 - (double)(targetPercent / 100m);

    public static double? BudgetRemaining(double? availability, decimal targetPercent) =>
        availability is { } a ? (a - (double)(targetPercent / 100m)) / ErrorBudget(targetPercent) : null;

    public static double? BurnRate(double? errorRatio, decimal targetPercent) =>
        errorRatio is { } e ? e / ErrorBudget(targetPercent) : null;

    /// <summary>
    /// The most severe alert whose long and short windows both burn faster than its factor (Sloth's
    /// <c>rate_long &gt; factor × budget and rate_short &gt; factor × budget</c>); a window without data does not fire.
    /// </summary>
    public static BurnAlert AlertState(IReadOnlyDictionary<string, double?> burnRates)
    {
        ArgumentNullException.ThrowIfNull(burnRates);
        var state = BurnAlert.None;
        foreach (var (longWindow, shortWindow, factor, severity) in Alerts)
        {
            if (burnRates.GetValueOrDefault(longWindow) is { } l && l > factor
                && burnRates.GetValueOrDefault(shortWindow) is { } s && s > factor && severity > state)
            {
                state = severity;
            }
        }
        return state;
    }
}
