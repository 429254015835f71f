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

    [Fact]
    public async Task Weekend_dips_forecast_the_rest_of_the_month_by_weekday_and_lower_than_the_flat_average_when_more_weekends_remain()
    {
        // 2024-09-01 (a Sunday) .. 09-14: two of each weekday, 100 USD on weekdays and 20 on weekends. Data ends on
        // Saturday the 14th; the 16 days left hold 5 weekend days (5/16 > the trailing 4/14).
        using var kpis = new CostKpiStore(new CostKpiOptions { ForecastTrailingDays = 14 });
        await kpis.AddAsync(Enumerable.Range(0, 14).Select(d => Daily(d, Day0.AddDays(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 20m : 100m, "a", "web")));

        var row = Assert.Single(await kpis.Forecast.ForecastAsync(null, CostBasis.Effective, null, null, CancellationToken.None));

        Assert.Equal((new DateOnly(2024, 9, 14), 16, 1080m), (row.AsOf, row.RemainingDays, row.MonthToDate));
        // 11 weekdays at 100 and 5 weekend days at 20; every day equals its weekday's mean, so the band is the forecast.
        Assert.Equal((2280m, 2280m, 2280m), (row.Forecast, row.Low, row.High));
        var flat = MonthEndProjection.Of(row.MonthToDate, 1080.0 / 14, 0, 14, row.RemainingDays);
        Assert.True(row.Forecast < flat.Forecast, $"{row.Forecast} vs flat {flat.Forecast}");
    }

    [Fact]
    public async Task A_flat_series_over_whole_weeks_forecasts_exactly_what_the_flat_run_rate_does()
    {
        using var kpis = new CostKpiStore(new CostKpiOptions { ForecastTrailingDays = 14 });
        await kpis.AddAsync(Enumerable.Range(0, 20).Select(d => Daily(d, 10m, "a", "web")));

        var row = Assert.Single(await kpis.Forecast.ForecastAsync(null, CostBasis.Effective, null, null, CancellationToken.None));

        Assert.Equal((new DateOnly(2024, 9, 20), 10, 200m, 14), (row.AsOf, row.RemainingDays, row.MonthToDate, row.TrailingDays));
        Assert.Equal((300m, 300m, 300m), (row.Forecast, row.Low, row.High));
    }

    [Property(MaxTest = 300)]
    public bool A_weekday_profile_with_one_mean_for_every_weekday_projects_what_the_flat_run_rate_does(
        ushort mtdCents, ushort meanCents, byte spreadCents, byte extraWeeks, byte asOfDay)
    {
        var mean = meanCents / 100.0;
        var perWeekday = 2 + (extraWeeks % 3);
        var n = 7L * perWeekday;
        var asOf = new DateOnly(2024, 1, 1).AddDays(asOfDay % 366);
        var remaining = DateTime.DaysInMonth(asOf.Year, asOf.Month) - asOf.Day;
        var spread = spreadCents / 100.0;
        var profile = new WeekdayProfile([.. Enumerable.Repeat(mean, 7)], [.. Enumerable.Repeat((long)perWeekday, 7)], spread);

        var byWeekday = MonthEndProjection.ByWeekday(mtdCents / 100m, profile, asOf);
        var flat = MonthEndProjection.Of(mtdCents / 100m, mean, 0, n, remaining);

        // Same forecast; the band is the flat one's formula with the weekday means' own uncertainty (never narrower
        // than r alone, never wider than every day from one weekday).
        return byWeekday.Forecast == flat.Forecast
            && byWeekday.Low <= byWeekday.Forecast && byWeekday.Forecast <= byWeekday.High
            && (spread > 0 && remaining > 0) == (byWeekday.High > byWeekday.Forecast);
    }

    [Property(MaxTest = 300)]
    public bool Cheaper_weekends_forecast_below_the_flat_average_exactly_when_the_rest_of_the_month_has_a_larger_weekend_share(
        ushort weekdayCents, ushort dipCents, byte asOfDay)
    {
        // Two full trailing weeks: the flat mean is (5·weekday + 2·weekend) / 7, a weekend share of 2/7.
        // In whole cents, the weekend at least a cent cheaper.
        var weekdayInCents = (weekdayCents % 50_000) + 1;
        var weekday = weekdayInCents / 100.0;
        var weekend = weekdayInCents * (dipCents % 100) / 100 / 100.0;
        var profile = new WeekdayProfile([weekday, weekday, weekday, weekday, weekday, weekend, weekend], [.. Enumerable.Repeat(2L, 7)], 0);
        var asOf = new DateOnly(2025, 1, 1).AddDays(asOfDay % 365);
        var rest = Enumerable.Range(1, DateTime.DaysInMonth(asOf.Year, asOf.Month) - asOf.Day).Select(asOf.AddDays).ToList();
        var weekends = rest.Count(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);

        var byWeekday = MonthEndProjection.ByWeekday(0m, profile, asOf).Forecast;
        var flat = MonthEndProjection.Of(0m, ((5 * weekday) + (2 * weekend)) / 7, 0, 14, rest.Count).Forecast;

        // byWeekday − flat = (weekday − weekend)/7 · (2·weekdays − 5·weekends) over the remaining days.
        var sign = Math.Sign((2 * (rest.Count - weekends)) - (5 * weekends));
        return sign == 0 ? Math.Abs(byWeekday - flat) < 0.00001m : Math.Sign(byWeekday - flat) == sign;
    }
}
