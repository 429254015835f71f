namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A monthly budget against month-to-date spend and its forecast: <see cref="BudgetStatus.Over"/> when spend so far
/// exceeds the amount, <see cref="BudgetStatus.AtRisk"/> when the month-end forecast does, else on track. The projected
/// overrun date (at risk only) is the first day whose cumulative spend, growing after 'as of' the way the forecast
/// grows, exceeds the amount: by each day's weekday mean when the forecast followed a <see cref="WeekdayProfile"/> (a team
/// that spends on weekdays overruns on a weekday), else by the trailing daily rate: asOf + ⌊(amount − MTD) / rate⌋ + 1
/// days. Within the month by construction.
/// </summary>
public sealed record BudgetAssessment(BudgetStatus Status, DateOnly? OverrunDate)
{
    public static BudgetAssessment Of(decimal amount, decimal monthToDate, decimal forecast, decimal? dailyRate, DateOnly asOf, int remainingDays,
        WeekdayProfile? weekdays = null)
    {
        if (monthToDate > amount)
        {
            return new BudgetAssessment(BudgetStatus.Over, null);
        }
        if (forecast <= amount)
        {
            return new BudgetAssessment(BudgetStatus.OnTrack, null);
        }
        DateOnly? overrun = null;
        if (weekdays is not null)
        {
            overrun = WeekdayOverrun(amount, monthToDate, weekdays, asOf, remainingDays);
        }
        else if (dailyRate is { } rate && rate > 0)
        {
            var days = decimal.Floor((amount - monthToDate) / rate) + 1;
            overrun = asOf.AddDays((int)Math.Min(days, remainingDays));
        }
        return new BudgetAssessment(BudgetStatus.AtRisk, overrun);
    }

    /// <summary>The first day after <paramref name="asOf"/> whose cumulative weekday means push spend past the amount (the
    /// last day of the month when rounding leaves the walk a cent short of a forecast that is over).</summary>
    private static DateOnly? WeekdayOverrun(decimal amount, decimal monthToDate, WeekdayProfile weekdays, DateOnly asOf, int remainingDays)
    {
        if (remainingDays <= 0)
        {
            return null;
        }
        var spent = (double)monthToDate;
        for (var day = asOf.AddDays(1); day <= asOf.AddDays(remainingDays); day = day.AddDays(1))
        {
            spent += weekdays.MeanOf(day);
            if (spent > (double)amount)
            {
                return day;
            }
        }
        return asOf.AddDays(remainingDays);
    }

    /// <summary>on track, at risk, over.</summary>
    public static string NameOf(BudgetStatus status) => status switch
    {
        BudgetStatus.Over => "over",
        BudgetStatus.AtRisk => "at risk",
        _ => "on track",
    };
}
