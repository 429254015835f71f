using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class UnitCostAndHygieneTests : IDisposable
{
    private readonly CostKpiStore _kpis = new();

    public void Dispose() => _kpis.Dispose();

    [Fact]
    public async Task Cost_per_thousand_requests_counts_counter_resets_and_is_unknown_without_metrics()
    {
        await _kpis.AddAsync([Daily(0, 30m, "a", "web"), Daily(0, 5m, "b", "db")]);
        var t = Day0;
        await _kpis.AddSamplesAsync(
            ("web", "http_requests_total", 1, t.AddHours(1), 1000),
            ("web", "http_requests_total", 1, t.AddHours(2), 5000),   // +4000
            ("web", "http_requests_total", 1, t.AddHours(3), 2000),   // reset: +2000
            ("web", "http_requests_total", 1, t.AddHours(4), 6000),   // +4000
            ("web", "http_requests_total", 2, t.AddHours(1), 0),
            ("web", "http_requests_total", 2, t.AddHours(2), 10000),  // +10000
            ("web", "http_requests_total", 2, t.AddDays(2), 99999),   // outside the window
            ("web", "process_cpu_seconds_total", 3, t.AddHours(2), 5));

        var rows = await _kpis.UnitCost.PerServiceAsync(Day0, Day0.AddDays(1), null, CancellationToken.None);

        var web = rows.Single(r => r.Service == "web");
        Assert.Equal((20000.0, 1.5m, 1.5m), (web.Requests, web.BilledPer1000Requests, web.EffectivePer1000Requests));
        var db = rows.Single(r => r.Service == "db");
        Assert.Equal(((double?)null, (decimal?)null), (db.Requests, db.EffectivePer1000Requests));
    }

    [Fact]
    public async Task Unallocated_share_and_tag_coverage_are_per_account()
    {
        await _kpis.AddAsync([
            Daily(0, 60m, "a", "web"),
            With(CostStore.Row(20m, """{"env":"prod"}"""), r => r.SubAccountId = "sub-1"),
            With(CostStore.Row(20m, null), r => r.SubAccountId = "sub-1"),
            With(CostStore.Row(7m, null), r => r.SubAccountId = "sub-2"),
        ]);

        var rows = await _kpis.Hygiene.PerAccountAsync(null, null, CostBasis.Billed, null, CancellationToken.None);

        var one = rows.Single(r => r.Account == "sub-1");
        Assert.Equal((100m, 40m, 80m), (one.Cost, one.UnallocatedCost, one.TaggedCost));
        Assert.Equal((0.4, 0.8), (one.UnallocatedShare!.Value, one.TagCoverage!.Value));
        var two = rows.Single(r => r.Account == "sub-2");
        Assert.Equal((1.0, 0.0), (two.UnallocatedShare!.Value, two.TagCoverage!.Value));
    }
}
