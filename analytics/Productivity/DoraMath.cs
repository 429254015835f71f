namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// The medians and performance bands of Apache DevLake's DORA dashboard (v0.21 metric docs and dashboard SQL).
/// DevLake's median is <c>max(x) WHERE percent_rank() OVER (ORDER BY x) &lt;= 0.5</c>: the lower middle value
/// (index ⌊(n−1)/2⌋ of the sorted values), never an average of two — the SQL computes it as
/// <c>list_sort(list(x))[(count(x) − 1) // 2 + 1]</c>, which a property test checks against DevLake's form.
/// Thresholds are DevLake's: a figure exactly on a boundary falls in the slower band, except the change failure
/// rate, whose bands include their upper bound (≤ 5 % is elite).
/// </summary>
public static class DoraMath
{
    private const double HoursPerDay = 24;

    /// <summary>DevLake's median of values sorted ascending: the lower middle one; null when empty.</summary>
    public static double? Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? null : sorted[(sorted.Count - 1) / 2];
    }

    /// <summary>
    /// Deployment frequency from the medians of deployment days per week / month / six months of the window.
    /// 2023: ≥ 7 days a week elite (on demand), ≥ 1 a week high, ≥ 1 a month medium, else low.
    /// 2021: ≥ 7 a week elite, ≥ 1 a month high, ≥ 1 per six months medium, else low.
    /// No band when the scope made no production deployment in the window.
    /// </summary>
    public static DoraBand? DeploymentFrequencyBand(double? daysPerWeek, double? daysPerMonth, double? daysPerSixMonths, long deployments, DoraBenchmarks benchmarks)
    {
        if (deployments <= 0)
        {
            return null;
        }
        var (week, month, half) = (daysPerWeek ?? 0, daysPerMonth ?? 0, daysPerSixMonths ?? 0);
        return benchmarks == DoraBenchmarks.Report2021
            ? week >= 7 ? DoraBand.Elite : month >= 1 ? DoraBand.High : half >= 1 ? DoraBand.Medium : DoraBand.Low
            : week >= 7 ? DoraBand.Elite : week >= 1 ? DoraBand.High : month >= 1 ? DoraBand.Medium : DoraBand.Low;
    }

    /// <summary>Lead time for changes. 2023: &lt; 1 day elite, &lt; 1 week high, &lt; 30 days medium, else low. 2021: &lt; 1 hour, &lt; 1 week, &lt; 180 days.</summary>
    public static DoraBand? LeadTimeBand(double? hours, DoraBenchmarks benchmarks) => hours switch
    {
        null => null,
        var h when benchmarks == DoraBenchmarks.Report2021 => h < 1 ? DoraBand.Elite : h < 7 * HoursPerDay ? DoraBand.High : h < 180 * HoursPerDay ? DoraBand.Medium : DoraBand.Low,
        var h => h < HoursPerDay ? DoraBand.Elite : h < 7 * HoursPerDay ? DoraBand.High : h < 30 * HoursPerDay ? DoraBand.Medium : DoraBand.Low,
    };

    /// <summary>Change failure rate. 2023: ≤ 5 % elite, ≤ 10 % high, ≤ 15 % medium, else low. 2021: ≤ 15 %, ≤ 20 %, ≤ 30 %.</summary>
    public static DoraBand? ChangeFailureRateBand(double? rate, DoraBenchmarks benchmarks) => rate switch
    {
        null => null,
        var r when benchmarks == DoraBenchmarks.Report2021 => r <= 0.15 ? DoraBand.Elite : r <= 0.20 ? DoraBand.High : r <= 0.30 ? DoraBand.Medium : DoraBand.Low,
        var r => r <= 0.05 ? DoraBand.Elite : r <= 0.10 ? DoraBand.High : r <= 0.15 ? DoraBand.Medium : DoraBand.Low,
    };

    /// <summary>Failed deployment recovery time (2023) and time to restore service (2021) share DevLake's bands: &lt; 1 hour elite, &lt; 1 day high, &lt; 1 week medium, else low.</summary>
    public static DoraBand? RecoveryBand(double? hours) => hours switch
    {
        null => null,
        < 1 => DoraBand.Elite,
        < HoursPerDay => DoraBand.High,
        < 7 * HoursPerDay => DoraBand.Medium,
        _ => DoraBand.Low,
    };
}
