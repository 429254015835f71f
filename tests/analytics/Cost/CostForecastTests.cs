using FsCheck.Xunit;
using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostForecastTests
{
    [Fact]
    public async Task Old_exports_forecast_as_of_their_last_day_with_data()
    {
        // Data for 2024-09-01..09-10 (10 USD a day); today is years later.
        using var kpis = new CostKpiStore(new CostKpiOptions { ForecastTrailingDays = 7 });
        await kpis.AddAsync(Enumerable.Range(0, 10).Select(d => Daily(d, 10m, "a", "web")));

        var row = Assert.Single(await kpis.Forecast.ForecastAsync(null, CostBasis.Effective, null, null, CancellationToken.None));

        Assert.Equal((new DateOnly(2024, 9, 10), new DateOnly(2024, 9, 1), 20, 100m, (decimal?)10m, 7), (row.AsOf, row.MonthStart, row.RemainingDays, row.MonthToDate, row.DailyRate, row.TrailingDays));
        Assert.Equal((300m, 300m, 300m), (row.Forecast, row.Low, row.High));
    }

    [Fact]
    public async Task Today_is_not_counted_until_it_is_complete_and_spread_widens_the_band()
    {
        using var kpis = new CostKpiStore(new CostKpiOptions { ForecastTrailingDays = 4 }, now: new DateTimeOffset(2024, 9, 5, 9, 0, 0, TimeSpan.Zero));
        await kpis.AddAsync([Daily(0, 8m, "a", "web"), Daily(1, 12m, "a", "web"), Daily(2, 8m, "a", "web"), Daily(3, 12m, "a", "web"), Daily(4, 500m, "a", "web"), Daily(3, 1m, "b", "db")]);

        var rows = await kpis.Forecast.ForecastAsync(CostDimension.Team, CostBasis.Effective, null, null, CancellationToken.None);

        var a = rows.Single(r => r.Group == "a");
        Assert.Equal((new DateOnly(2024, 9, 4), 26, 40m, (decimal?)10m), (a.AsOf, a.RemainingDays, a.MonthToDate, a.DailyRate));
        Assert.Equal(300m, a.Forecast);
        Assert.True(a.Low < a.Forecast && a.Forecast < a.High, $"{a.Low} {a.Forecast} {a.High}");
        // b's history starts on its first day: one day of 1 USD, no spread.
        var b = rows.Single(r => r.Group == "b");
        Assert.Equal((1m, 1, 27m), (b.MonthToDate, b.TrailingDays, b.Forecast));
    }

    [Property(MaxTest = 300)]
    public bool The_band_contains_the_forecast_and_a_steady_run_rate_forecasts_exactly(ushort mtdCents, ushort meanCents, byte spreadCents, byte days, byte remaining)
    {
        var mtd = mtdCents / 100m;
        var n = days % 30 + 1;
        var r = remaining % 31;
        var p = MonthEndProjection.Of(mtd, meanCents / 100.0, spreadCents / 100.0, n, r);
        var steady = MonthEndProjection.Of(mtd, meanCents / 100.0, 0, n, r);
        return p.Low <= p.Forecast && p.Forecast <= p.High && p.Low >= mtd
            && steady.Low == steady.Forecast && steady.High == steady.Forecast
            && Math.Abs(steady.Forecast - (mtd + (r * meanCents / 100m))) < 0.000001m;
    }
}
