using FsCheck.Xunit;
using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostChangeTests : IDisposable
{
    private readonly CostKpiStore _kpis = new(new CostKpiOptions
    {
        // Baseline: the 4 days from day 0; previous period: days 10-11; current: days 12-13.
        Baseline = new CostBaselineOptions { From = DateOnly.FromDateTime(Day0), To = DateOnly.FromDateTime(Day0.AddDays(4)) },
    });

    public void Dispose() => _kpis.Dispose();

    [Fact]
    public async Task Daily_cost_is_compared_with_the_previous_period_of_equal_length_and_the_baseline_per_team_and_overall()
    {
        var rows = Enumerable.Range(0, 4).SelectMany(d => new[] { Daily(d, 10m, "a", "web"), Daily(d, 5m, "b", "db") })
            .Concat([Daily(10, 8m, "a", "web"), Daily(11, 8m, "a", "web"), Daily(12, 7.5m, "a", "web"), Daily(13, 7.5m, "a", "web"), Daily(12, 6m, "b", "db")]);
        await _kpis.AddAsync(rows);

        var change = await _kpis.Change.CompareAsync(Day0.AddDays(12), Day0.AddDays(14), CostBasis.Effective, null, CancellationToken.None);

        Assert.Equal(["(all)", "a", "b"], change.Select(r => r.Team));
        var a = change.Single(r => r.Team == "a");
        Assert.Equal((15m, 7.5m, 8m, 10m), (a.Cost, a.DailyCost, a.PreviousDailyCost, a.BaselineDailyCost));
        Assert.Equal(-0.0625, a.ChangeVsPrevious!.Value, 12);
        Assert.Equal(-0.25, a.ChangeVsBaseline!.Value, 12);
        var b = change.Single(r => r.Team == "b");
        Assert.Equal((3m, (decimal?)null, (double?)null, 5m), (b.DailyCost, b.PreviousDailyCost, b.ChangeVsPrevious, b.BaselineDailyCost));
        Assert.Equal(-0.4, b.ChangeVsBaseline!.Value, 12);
        var all = change.Single(r => r.Team == "(all)");
        Assert.Equal((10.5m, 8m, 15m), (all.DailyCost, all.PreviousDailyCost, all.BaselineDailyCost));
        Assert.Equal(-0.3, all.ChangeVsBaseline!.Value, 12);
    }

    [Fact]
    public async Task A_team_sees_only_its_row_and_no_baseline_means_no_baseline_columns()
    {
        using var plain = new CostKpiStore();
        await plain.AddAsync([Daily(0, 4m, "a", "web"), Daily(1, 2m, "a", "web"), Daily(1, 9m, "b", "db")]);

        var onlyA = await plain.Change.CompareAsync(Day0.AddDays(1), Day0.AddDays(2), CostBasis.Billed, "a", CancellationToken.None);

        var row = Assert.Single(onlyA);
        Assert.Equal(("a", 2m, (decimal?)4m, (decimal?)null, (double?)null), (row.Team, row.DailyCost, row.PreviousDailyCost, row.BaselineDailyCost, row.ChangeVsBaseline));
        Assert.Equal(-0.5, row.ChangeVsPrevious!.Value, 12);
    }

    [Property(MaxTest = 200)]
    public bool Change_ratio_is_scale_free_and_its_sign_says_up_or_down(ushort current, ushort reference, byte scale)
    {
        if (reference == 0)
        {
            return CostChange.Ratio(current, reference) is null;
        }
        var k = scale + 1m;
        var ratio = CostChange.Ratio(current, reference)!.Value;
        var scaled = CostChange.Ratio(current * k, reference * k)!.Value;
        return Math.Abs(ratio - scaled) < 1e-9
            && Math.Sign(ratio) == Math.Sign(current - reference)
            && Math.Abs(CostChange.PerDay(current * 7m, 7m) - current) == 0m;
    }
}
