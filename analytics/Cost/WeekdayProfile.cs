namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A group's trailing daily spend by ISO weekday (index 0 = Monday … 6 = Sunday): the mean of each weekday's days, how
/// many days each mean is taken over, and the spread of the days around their weekday's mean (the residual sample
/// standard deviation, n − 7 degrees of freedom). Only made when every weekday was seen at least twice
/// (<see cref="MinimumDaysPerWeekday"/>), so one odd Saturday is not taken for a pattern.
/// </summary>
public sealed record WeekdayProfile(IReadOnlyList<double> Means, IReadOnlyList<long> Days, double ResidualSpread)
{
    public const int MinimumDaysPerWeekday = 2;

    /// <summary>The profile, or null when a weekday is missing or seen fewer than <see cref="MinimumDaysPerWeekday"/> times.</summary>
    public static WeekdayProfile? Of(IReadOnlyList<double>? means, IReadOnlyList<long>? days, double? sumOfSquaredResiduals)
    {
        if (means is not { Count: 7 } || days is not { Count: 7 } || days.Any(d => d < MinimumDaysPerWeekday)
            || means.Any(m => !double.IsFinite(m)))
        {
            return null;
        }
        var freedom = days.Sum() - 7;
        var sse = sumOfSquaredResiduals is { } s && double.IsFinite(s) ? Math.Max(0.0, s) : 0.0;
        return new WeekdayProfile(means, days, Math.Sqrt(sse / freedom));
    }

    /// <summary>The mean of <paramref name="day"/>'s weekday.</summary>
    public double MeanOf(DateOnly day) => Means[IsoIndex(day)];

    /// <summary>0 for Monday … 6 for Sunday, as DuckDB's <c>isodow</c> − 1.</summary>
    public static int IsoIndex(DateOnly day) => ((int)day.DayOfWeek + 6) % 7;
}
