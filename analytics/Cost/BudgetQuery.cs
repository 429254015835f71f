using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// The configured budgets (<c>Insights:Cost:Budgets</c>) against month-to-date spend and the month-end forecast of
/// their team or service (<see cref="CostForecastQuery"/>), each assessed by <see cref="BudgetAssessment"/>.
/// </summary>
public sealed class BudgetQuery(CostForecastQuery forecasts, IOptions<CostKpiOptions> options)
{
    /// <param name="team">A team-limited caller: only its team's budgets, and its own part of service budgets; null = all.</param>
    public Task<IReadOnlyList<BudgetRow>> AssessAsync(string? team, CancellationToken cancellationToken) =>
        AssessAsync(options.Value.Budgets, team, asOf: null, cancellationToken);

    /// <summary>The configured budgets as they stood at the end of <paramref name="asOf"/> (the KPI history's past days).</summary>
    public Task<IReadOnlyList<BudgetRow>> AssessAsync(string? team, DateOnly asOf, CancellationToken cancellationToken) =>
        AssessAsync(options.Value.Budgets, team, asOf, cancellationToken);

    /// <summary>Assesses the given budgets (the demo passes its own); see <see cref="AssessAsync(string?, CancellationToken)"/>.</summary>
    public Task<IReadOnlyList<BudgetRow>> AssessAsync(IReadOnlyList<CostBudget> budgets, string? team, CancellationToken cancellationToken) =>
        AssessAsync(budgets, team, asOf: null, cancellationToken);

    /// <param name="asOf">The last day counted; null = the last complete day with billing data.</param>
    private async Task<IReadOnlyList<BudgetRow>> AssessAsync(IReadOnlyList<CostBudget> budgets, string? team, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var cache = new Dictionary<(CostDimension, CostBasis), IReadOnlyList<CostForecastRow>>();
        var rows = new List<BudgetRow>();
        foreach (var budget in budgets)
        {
            var dimension = budget.Team is not null ? CostDimension.Team : CostDimension.Service;
            if (team is not null && dimension == CostDimension.Team && !string.Equals(budget.Team, team, StringComparison.Ordinal))
            {
                continue;
            }
            if (!cache.TryGetValue((dimension, budget.Basis), out var forecast))
            {
                forecast = await forecasts.ForecastAsync(dimension, budget.Basis, team, asOf, cancellationToken);
                cache[(dimension, budget.Basis)] = forecast;
            }
            var row = forecast.FirstOrDefault(f => f.Group == budget.Name && f.Currency == budget.Currency);
            if (row is null && team is not null && dimension == CostDimension.Service)
            {
                continue;
            }
            var through = row?.AsOf ?? (forecast.Count > 0 ? forecast[0].AsOf : null);
            var (mtd, projected, low, high) = row is null ? (0m, 0m, 0m, 0m) : (row.MonthToDate, row.Forecast, row.Low, row.High);
            var assessment = through is { } day
                ? BudgetAssessment.Of(budget.Amount, mtd, projected, row?.DailyRate, day, row?.RemainingDays ?? 0, row?.Weekdays)
                : new BudgetAssessment(BudgetStatus.OnTrack, null);
            rows.Add(new BudgetRow(budget.Scope, budget.Name, budget.Currency, budget.Basis, budget.Amount, through, mtd, projected, low, high,
                (double)(mtd / budget.Amount), (double)(projected / budget.Amount), assessment.Status, assessment.OverrunDate));
        }
        return rows;
    }
}
