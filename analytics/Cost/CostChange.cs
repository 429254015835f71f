namespace Platform.Insights.Analytics.Cost;

/// <summary>The arithmetic of <see cref="CostChangeRow"/>: spend per day of a period and the change ratio of two run rates.</summary>
public static class CostChange
{
    /// <summary>Cost per day of a period <paramref name="days"/> long (days may be fractional); exact decimal division.</summary>
    public static decimal PerDay(decimal cost, decimal days) =>
        days > 0 ? cost / days : throw new ArgumentOutOfRangeException(nameof(days), days, "a period must be longer than 0 days");

    /// <summary>current / reference − 1, or null when there is no reference to compare with (null or 0).</summary>
    public static double? Ratio(decimal current, decimal? reference) =>
        reference is { } r && r != 0 ? (double)(current / r) - 1.0 : null;

    public static decimal Days(DateTime from, DateTime to) => (decimal)(to - from).Ticks / TimeSpan.TicksPerDay;
}
