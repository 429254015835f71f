namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Month-end spend projected from month-to-date and the trailing daily run rate:
/// forecast = MTD + r·mean, where r is the days left in the month and mean the average daily spend of the last
/// complete days (n of them, spread s their sample standard deviation). The band is a 90 % prediction interval for
/// the sum of r future days, treating days as independent draws: r·mean ± 1.645·s·√(r + r²/n) (the r²/n term is the
/// uncertainty of the mean itself); with a positive run rate the low end is never below MTD (spend does not shrink).
/// With fewer than two trailing days there is no spread and the band is the forecast itself.
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

    private static decimal Money(double value) => decimal.Round((decimal)value, 6, MidpointRounding.AwayFromZero);
}
