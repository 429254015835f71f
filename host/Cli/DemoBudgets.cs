using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The budgets the demo assesses, chosen from its own forecast so the output shows every state worth seeing: each
/// team gets a monthly budget comfortably above its forecast (on track), except the team with the largest forecast,
/// whose budget lies between its month-to-date spend and its forecast (at risk, with a projected overrun date).
/// </summary>
public static class DemoBudgets
{
    public static IReadOnlyList<CostBudget> From(IReadOnlyList<CostForecastRow> teamForecasts)
    {
        var teams = teamForecasts.Where(f => f.Group != "unallocated" && f.Forecast > 0).OrderByDescending(f => f.Forecast).ThenBy(f => f.Group, StringComparer.Ordinal).ToList();
        var budgets = new List<CostBudget>();
        for (var i = 0; i < teams.Count; i++)
        {
            var f = teams[i];
            var amount = decimal.Ceiling(f.Forecast * 1.25m / 100m) * 100m;
            if (i == 0 && f.Forecast > f.MonthToDate)
            {
                var between = decimal.Round(f.MonthToDate + ((f.Forecast - f.MonthToDate) * 0.6m), 0);
                amount = between > f.MonthToDate && between < f.Forecast ? between : f.MonthToDate + ((f.Forecast - f.MonthToDate) / 2);
            }
            budgets.Add(new CostBudget { Team = f.Group, Amount = amount, Currency = f.Currency });
        }
        return budgets;
    }
}
