using Platform.Insights.Analytics.Cost;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>The cost charts' data: spend by team over recent weeks or months (stacked) and budget burn-down.</summary>
public static class CostCharts
{
    /// <summary>How many buckets the trend shows: 8 weeks for weekly reports, 6 months for monthly ones.</summary>
    public static async Task<ReportChart> TrendByTeamAsync(CostTrendQuery trend, ReportKind kind, ReportPeriod period, string? team, string? currency, CancellationToken cancellationToken)
    {
        var monthly = kind == ReportKind.Monthly;
        var from = monthly ? period.From.AddMonths(-5) : period.From.AddDays(-7 * 7);
        var rows = (await trend.EveryAsync(monthly ? CostInterval.Month : CostInterval.Week, CostDimension.Team, from, period.To, team, cancellationToken))
            .Where(r => currency is null || r.Currency == currency).ToList();
        var buckets = Enumerable.Range(0, monthly ? 6 : 8).Select(i => DateOnly.FromDateTime(monthly ? from.AddMonths(i) : from.AddDays(7 * i))).ToList();
        var categories = buckets.Select(b => monthly ? b.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : ReportPeriod.Week(b.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Name).ToList();
        var series = rows.GroupBy(r => r.Group).OrderByDescending(g => g.Sum(r => r.EffectiveCost))
            .Select(g => new ChartSeries(g.Key, [.. buckets.Select(b => g.Where(r => r.Period == b).Select(r => (double?)r.EffectiveCost).FirstOrDefault())]))
            .ToList();
        return new ReportChart("cost-trend-by-team", $"Spend by team per {(monthly ? "month" : "week")}", ChartKind.StackedBar,
            monthly ? "month" : "ISO week", $"effective cost ({currency ?? "no currency"})", categories, series,
            Missing: series.Count == 0 ? "no billing data in the last " + (monthly ? "6 months" : "8 weeks") : null);
    }

    /// <summary>Remaining amount of each team budget per day of its month (amount − cumulative spend), to the budgets' as-of day.</summary>
    public static async Task<ReportChart> BurnDownAsync(CostTrendQuery trend, IReadOnlyList<BudgetRow> budgets, string? team, CancellationToken cancellationToken)
    {
        var teamBudgets = budgets.Where(b => b.Scope == "team" && b.AsOf is not null).Take(8).ToList();
        if (teamBudgets.Count == 0)
        {
            return new ReportChart("budget-burn-down", "Budget burn-down", ChartKind.Line, "day of month", "remaining budget", [], [],
                Missing: budgets.Count == 0 ? "no budgets configured (Insights:Cost:Budgets)" : "no team budget with billing data");
        }
        var asOf = teamBudgets.Max(b => b.AsOf!.Value);
        var first = new DateOnly(asOf.Year, asOf.Month, 1);
        var daily = await trend.EveryAsync(CostInterval.Day, CostDimension.Team, first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), team, cancellationToken);
        var days = Enumerable.Range(0, asOf.Day).Select(i => first.AddDays(i)).ToList();
        var series = teamBudgets.Select(b =>
        {
            var remaining = b.Amount;
            var spend = daily.Where(r => r.Group == b.Name && r.Currency == b.Currency).ToDictionary(r => r.Period, r => b.Basis == CostBasis.Billed ? r.BilledCost : r.EffectiveCost);
            return new ChartSeries($"{b.Name} ({b.Currency})", [.. days.Select(d => (double?)(double)(remaining -= spend.GetValueOrDefault(d)))]);
        }).ToList();
        return new ReportChart("budget-burn-down", $"Budget burn-down, {first:yyyy-MM}", ChartKind.Line, "day of month",
            $"remaining budget ({string.Join(", ", teamBudgets.Select(b => b.Currency).Distinct())})",
            [.. days.Select(d => d.Day.ToString(System.Globalization.CultureInfo.InvariantCulture))], series, 0, "budget exhausted");
    }
}
