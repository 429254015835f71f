namespace Platform.Insights.Demo.Model;

/// <summary>
/// Relative load by time of day and day of week (1.0 = weekday afternoon peak). A fixed table with linear
/// interpolation instead of Math.Sin keeps values bit-identical across platforms.
/// </summary>
internal static class TrafficShape
{
    private static readonly double[] Hourly =
    [
        0.34, 0.27, 0.23, 0.21, 0.22, 0.27, 0.39, 0.56, 0.76, 0.90, 0.97, 1.00,
        1.02, 1.00, 0.98, 0.96, 0.94, 0.92, 0.88, 0.82, 0.74, 0.62, 0.50, 0.41,
    ];

    /// <summary>Load at <paramref name="unixSeconds"/>.</summary>
    public static double At(long unixSeconds)
    {
        var secondOfDay = unixSeconds % 86_400;
        var hour = (int)(secondOfDay / 3600);
        var fraction = (secondOfDay % 3600) / 3600.0;
        var value = Hourly[hour] + ((Hourly[(hour + 1) % 24] - Hourly[hour]) * fraction);
        return value * WeekdayFactor(unixSeconds);
    }

    public static double WeekdayFactor(long unixSeconds) => DayOfWeekOf(unixSeconds) switch
    {
        DayOfWeek.Saturday => 0.62,
        DayOfWeek.Sunday => 0.58,
        _ => 1.0,
    };

    // 1970-01-01 was a Thursday.
    public static DayOfWeek DayOfWeekOf(long unixSeconds) => (DayOfWeek)(((unixSeconds / 86_400) + 4) % 7);

    public static bool IsWeekend(DayOfWeek day) => day is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
