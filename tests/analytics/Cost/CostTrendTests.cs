using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostTrendTests : IDisposable
{
    private readonly CostKpiStore _kpis = new();

    public void Dispose() => _kpis.Dispose();

    [Fact]
    public async Task Spend_is_bucketed_by_day_iso_week_and_month_with_billed_and_effective_side_by_side()
    {
        // 2024-09-01 is a Sunday: its ISO week starts Monday 2024-08-26.
        await _kpis.AddAsync([Daily(0, 1m, "a", "web", effective: 0.5m), Daily(1, 2m, "a", "web"), Daily(7, 4m, "a", "web"), Daily(30, 8m, "a", "web")]);

        var days = await _kpis.Trend.EveryAsync(CostInterval.Day, null, null, null, null, CancellationToken.None);
        var weeks = await _kpis.Trend.EveryAsync(CostInterval.Week, null, null, null, null, CancellationToken.None);
        var months = await _kpis.Trend.EveryAsync(CostInterval.Month, null, null, null, null, CancellationToken.None);

        Assert.Equal([(new DateOnly(2024, 9, 1), 1m, 0.5m), (new DateOnly(2024, 9, 2), 2m, 2m), (new DateOnly(2024, 9, 8), 4m, 4m), (new DateOnly(2024, 10, 1), 8m, 8m)],
            days.Select(r => (r.Period, r.BilledCost, r.EffectiveCost)));
        Assert.Equal([(new DateOnly(2024, 8, 26), 1m), (new DateOnly(2024, 9, 2), 6m), (new DateOnly(2024, 9, 30), 8m)], weeks.Select(r => (r.Period, r.BilledCost)));
        Assert.Equal([(new DateOnly(2024, 9, 1), 7m, 3L), (new DateOnly(2024, 10, 1), 8m, 1L)], months.Select(r => (r.Period, r.BilledCost, r.Rows)));
        Assert.All(days, r => Assert.Equal(CostTrendQuery.AllGroup, r.Group));
    }

    [Fact]
    public async Task Trend_splits_by_a_dimension_keeps_currencies_apart_and_honours_team_and_window()
    {
        await _kpis.AddAsync([Daily(0, 1m, "a", "web"), Daily(0, 2m, "b", "db"), Daily(0, 3m, "a", "web", "EUR"), Daily(1, 4m, "a", "web"), Daily(2, 100m, "a", "web")]);

        var byTeam = await _kpis.Trend.EveryAsync(CostInterval.Day, CostDimension.Team, Day0, Day0.AddDays(2), null, CancellationToken.None);
        var onlyB = await _kpis.Trend.EveryAsync(CostInterval.Month, CostDimension.Service, null, null, "b", CancellationToken.None);

        Assert.Equal(
            [(new DateOnly(2024, 9, 1), "a", "EUR", 3m), (new DateOnly(2024, 9, 1), "b", "USD", 2m), (new DateOnly(2024, 9, 1), "a", "USD", 1m), (new DateOnly(2024, 9, 2), "a", "USD", 4m)],
            byTeam.Select(r => (r.Period, r.Group, r.Currency, r.BilledCost)));
        Assert.Equal(("db", 2m), (Assert.Single(onlyB).Group, onlyB[0].BilledCost));
    }
}
