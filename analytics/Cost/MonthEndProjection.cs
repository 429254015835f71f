namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Month-end spend projected from month-to-date and the trailing daily run rate:
/// forecast = MTD + r·mean, where r is the days left in the month and mean the average daily spend of the last
/// complete days (n of them, spread s their sample standard deviation). The band is a 90 % prediction interval for
/// the sum of r future days, treating days as independent draws: r·mean ± 1.645·s·√(r + r²/n) (the r²/n term is the
/// uncertainty of the mean itself); with a positive run rate the low end is never below MTD (spend does not shrink).
/// With fewer than two trailing days there is no spread and the band is the forecast itself.
/// <para>
/// Weekday-aware (<see cref="ByWeekday"/>), as the cloud consoles' forecasts are: each remaining day is projected at the
/// trailing mean of its own weekday, so a month whose rest holds more weekends than the trailing weeks did projects
/// less when weekends are cheaper. The band is the same interval with the weekday means: the residual spread s_w
/// (days around their weekday's mean) and the uncertainty of each weekday's mean, ±1.645·s_w·√(r + Σ r_d²/n_d) over the
/// weekdays d with r_d remaining and n_d trailing days. When every weekday has the same mean this is the flat forecast.
/// </para>
/// </summary>
public sealed record MonthEndProjection(decimal Forecast, decimal Low, decimal High)
{
    public const double Z90 = 1.6448536269514722;

    public static MonthEndProjection Of(decimal monthToDate, double? mean, double? spread, long days, int remainingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remainingDays);
        if (mean is not { } m || !double.IsFinite(m) || remainingDays == 0 || days == 0)
        {
            return new MonthEndProjection(monthToDate, monthToDate, monthToDate);
        }
        var r = (double)remainingDays;
        var rest = r * m;
        var margin = spread is { } s && double.IsFinite(s) && days > 1 ? Z90 * s * Math.Sqrt(r + (r * r / days)) : 0.0;
        return new MonthEndProjection(
            monthToDate + Money(rest),
            monthToDate + Money(rest >= 0 ? Math.Max(0.0, rest - margin) : rest - margin),
            monthToDate + Money(rest + margin));
    }

    /// <summary>The weekday-aware projection of the days after <paramref name="asOf"/> to the end of its month.</summary>
    public static MonthEndProjection ByWeekday(decimal monthToDate, WeekdayProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var remaining = new long[7];
        var rest = 0.0;
        for (var day = asOf.AddDays(1); day.Month == asOf.Month; day = day.AddDays(1))
        {
            remaining[WeekdayProfile.IsoIndex(day)]++;
            rest += profile.MeanOf(day);
        }
        var r = (double)remaining.Sum();
        if (r == 0)
        {
            return new MonthEndProjection(monthToDate, monthToDate, monthToDate);
        }
        var meanUncertainty = Enumerable.Range(0, 7).Sum(d => (double)remaining[d] * remaining[d] / profile.Days[d]);
        var margin = Z90 * profile.ResidualSpread * Math.Sqrt(r + meanUncertainty);
        return new MonthEndProjection(
            monthToDate + Money(rest),
            monthToDate + Money(rest >= 0 ? Math.Max(0.0, rest - margin) : rest - margin),
            monthToDate + Money(rest + margin));
    }

    private static decimal Money(double value) => decimal.Round((decimal)value, 6, MidpointRounding.AwayFromZero);
}
