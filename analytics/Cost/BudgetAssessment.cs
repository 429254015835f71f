namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A monthly budget against month-to-date spend and its forecast: <see cref="BudgetStatus.Over"/> when spend so far
/// exceeds the amount, <see cref="BudgetStatus.AtRisk"/> when the month-end forecast does, else on track. The projected
/// overrun date (at risk only) is the first day whose cumulative spend, growing by the trailing daily rate after
/// 'as of', exceeds the amount: asOf + ⌊(amount − MTD) / rate⌋ + 1 days, within the month by construction.
/// </summary>
public sealed record BudgetAssessment(BudgetStatus Status, DateOnly? OverrunDate)
{
    public static BudgetAssessment Of(decimal amount, decimal monthToDate, decimal forecast, decimal? dailyRate, DateOnly asOf, int remainingDays)
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
        if (dailyRate is { } rate && rate > 0)
        {
            var days = decimal.Floor((amount - monthToDate) / rate) + 1;
            overrun = asOf.AddDays((int)Math.Min(days, remainingDays));
        }
        return new BudgetAssessment(BudgetStatus.AtRisk, overrun);
    }

    /// <summary>on track, at risk, over.</summary>
    public static string NameOf(BudgetStatus status) => status switch
    {
        BudgetStatus.Over => "over",
        BudgetStatus.AtRisk => "at risk",
        _ => "on track",
    };
}
