using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class BudgetTests
{
    [Fact]
    public async Task Budgets_are_on_track_at_risk_or_over_with_the_projected_overrun_date()
    {
        using var kpis = new CostKpiStore(new CostKpiOptions
        {
            ForecastTrailingDays = 7,
            Budgets =
            [
                new CostBudget { Team = "a", Amount = 400m, Currency = "USD" },   // forecast 300: on track
                new CostBudget { Team = "b", Amount = 250m, Currency = "USD" },   // mtd 200, forecast 600: at risk
                new CostBudget { Service = "db", Amount = 150m, Currency = "USD" }, // mtd 200: over
                new CostBudget { Team = "c", Amount = 10m, Currency = "USD" },    // no spend
            ],
        });
        await kpis.AddAsync(Enumerable.Range(0, 10).SelectMany(d => new[] { Daily(d, 10m, "a", "web"), Daily(d, 20m, "b", "db") }));

        var budgets = await kpis.Budgets.AssessAsync(null, CancellationToken.None);
        var onlyB = await kpis.Budgets.AssessAsync("b", CancellationToken.None);

        Assert.Equal(
            [("team", "a", BudgetStatus.OnTrack, 100m, 300m, (DateOnly?)null), ("team", "b", BudgetStatus.AtRisk, 200m, 600m, new DateOnly(2024, 9, 13)),
             ("service", "db", BudgetStatus.Over, 200m, 600m, null), ("team", "c", BudgetStatus.OnTrack, 0m, 0m, null)],
            budgets.Select(b => (b.Scope, b.Name, b.Status, b.MonthToDate, b.Forecast, b.OverrunDate)));
        Assert.All(budgets, b => Assert.Equal(new DateOnly(2024, 9, 10), b.AsOf));
        Assert.Equal(0.8, budgets[1].UsedShare, 12);
        Assert.Equal(["b", "db"], onlyB.Select(b => b.Name));
    }

    [Fact]
    public async Task A_budget_assessed_as_of_a_past_day_counts_only_the_spend_up_to_that_day()
    {
        using var kpis = new CostKpiStore(new CostKpiOptions
        {
            ForecastTrailingDays = 7,
            Budgets = [new CostBudget { Team = "b", Amount = 250m, Currency = "USD" }],
        });
        await kpis.AddAsync(Enumerable.Range(0, 10).Select(d => Daily(d, 20m, "b", "db")));

        var then = Assert.Single(await kpis.Budgets.AssessAsync(null, new DateOnly(2024, 9, 5), CancellationToken.None));
        var now = Assert.Single(await kpis.Budgets.AssessAsync(null, CancellationToken.None));

        Assert.Equal((new DateOnly(2024, 9, 5), 100m, 600m, BudgetStatus.AtRisk, new DateOnly(2024, 9, 13)),
            (then.AsOf, then.MonthToDate, then.Forecast, then.Status, then.OverrunDate));
        Assert.Equal((new DateOnly(2024, 9, 10), 200m), (now.AsOf, now.MonthToDate));
    }

    [Property(MaxTest = 300)]
    public bool An_overrun_date_falls_after_as_of_and_within_the_month(ushort amount, ushort mtd, ushort rate, byte remaining)
    {
        var asOf = new DateOnly(2024, 9, 30 - (remaining % 30));
        var left = 30 - asOf.Day;
        var forecast = mtd + ((decimal)rate * left);
        var a = BudgetAssessment.Of(amount + 1m, mtd, forecast, rate, asOf, left);
        return a.Status switch
        {
            BudgetStatus.Over => mtd > amount + 1m && a.OverrunDate is null,
            BudgetStatus.AtRisk => forecast > amount + 1m && a.OverrunDate is { } d && d > asOf && d <= new DateOnly(2024, 9, 30)
                && mtd + ((decimal)rate * (d.DayNumber - asOf.DayNumber)) > amount + 1m
                && mtd + ((decimal)rate * (d.DayNumber - asOf.DayNumber - 1)) <= amount + 1m,
            _ => forecast <= amount + 1m && a.OverrunDate is null,
        };
    }

    [Fact]
    public void A_team_that_spends_on_weekdays_overruns_on_a_weekday_not_where_the_flat_rate_would_put_it()
    {
        // 100 a weekday, nothing at weekends (a flat rate of 500 / 7 ≈ 71.43 a day). As of Thursday 2024-09-12 with 900 spent
        // of 1,000: the profile crosses on Monday the 16th (Fri 100 → 1,000, not yet over), the flat rate on Saturday the 14th.
        var profile = WeekdayProfile.Of([100, 100, 100, 100, 100, 0, 0], [3, 3, 3, 3, 3, 3, 3], 0)!;
        var asOf = new DateOnly(2024, 9, 12);

        var byWeekday = BudgetAssessment.Of(1_000m, 900m, 2_300m, 500m / 7m, asOf, 18, profile);
        var flat = BudgetAssessment.Of(1_000m, 900m, 2_300m, 500m / 7m, asOf, 18);

        Assert.Equal((BudgetStatus.AtRisk, new DateOnly(2024, 9, 16)), (byWeekday.Status, byWeekday.OverrunDate));
        Assert.Equal(new DateOnly(2024, 9, 14), flat.OverrunDate);
    }

    [Property(MaxTest = 300)]
    public bool A_weekday_overrun_date_is_the_first_day_the_weekday_means_carry_spend_past_the_budget(
        ushort amount, ushort mtd, byte mon, byte tue, byte wed, byte thu, byte fri, byte sat, byte sun, byte remaining)
    {
        var means = new double[] { mon, tue, wed, thu, fri, sat, sun };
        var profile = WeekdayProfile.Of(means, [2, 2, 2, 2, 2, 2, 2], 0)!;
        var asOf = new DateOnly(2024, 9, 30 - (remaining % 30));
        var left = 30 - asOf.Day;
        decimal Through(DateOnly d)
        {
            var total = (decimal)mtd;
            for (var x = asOf.AddDays(1); x <= d; x = x.AddDays(1))
            {
                total += (decimal)profile.MeanOf(x);
            }
            return total;
        }
        var forecast = Through(new DateOnly(2024, 9, 30));
        var a = BudgetAssessment.Of(amount + 1m, mtd, forecast, null, asOf, left, profile);
        return a.Status switch
        {
            BudgetStatus.Over => mtd > amount + 1m && a.OverrunDate is null,
            BudgetStatus.AtRisk => a.OverrunDate is { } d && d > asOf && d <= new DateOnly(2024, 9, 30)
                && Through(d) > amount + 1m && Through(d.AddDays(-1)) <= amount + 1m,
            _ => forecast <= amount + 1m && a.OverrunDate is null,
        };
    }

    [Fact]
    public void Bad_budget_configuration_names_the_key_and_configured_lists_replace_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Insights:Cost:Budgets:0:Team"] = "a",
            ["Insights:Cost:Budgets:0:Service"] = "web",
            ["Insights:Cost:Budgets:0:Amount"] = "-1",
            ["Insights:Cost:Budgets:0:Currency"] = "usd",
            ["Insights:Cost:Baseline:From"] = "2024-09-01",
            ["Insights:Cost:RequestMetrics:0"] = "requests_total",
        }).Build();
        var options = configuration.GetSection(CostKpiOptions.Section).Get<CostKpiOptions>()!;

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains("Insights:Cost:Budgets:0 must name exactly one of Team and Service", errors);
        Assert.Contains("Insights:Cost:Budgets:0:Amount must be positive", errors);
        Assert.Contains(errors, e => e!.StartsWith("Insights:Cost:Budgets:0:Currency", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Insights:Cost:Baseline:From and", StringComparison.Ordinal));
        Assert.Equal(["requests_total"], options.RequestMetricNames);
        Assert.Equal(CostKpiOptions.DefaultRequestMetrics, new CostKpiOptions().RequestMetricNames);
    }
}
