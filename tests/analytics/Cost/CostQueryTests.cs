using Platform.Insights.Analytics.Cost;
using static Platform.Insights.Analytics.Tests.Cost.CostStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostQueryTests : IDisposable
{
    private readonly CostStore _store = new();

    public void Dispose() => _store.Dispose();

    private Task<IReadOnlyList<CostRow>> By(CostDimension by, DateTime? from = null, DateTime? to = null, string? team = null) =>
        _store.Query.ByAsync(by, from, to, team, CancellationToken.None);

    private static Dictionary<string, decimal> Billed(IEnumerable<CostRow> rows) => rows.ToDictionary(r => r.Group, r => r.BilledCost);

    [Fact]
    public async Task Catalog_cost_tags_allocate_to_the_service_and_its_team()
    {
        await _store.CatalogAsync(
            ("checkout-api", "payments", [("service", "checkout-api")]),
            ("search", "discovery", [("component", "search"), ("stack", "prod")]));
        await _store.AddAsync(
            Row(10m, """{"service":"checkout-api","team":"someone-else"}"""),
            Row(5m, """{"component":"search","stack":"prod","env":"production"}"""),
            Row(7m, """{"component":"search","stack":"dev"}"""));

        var teams = Billed(await By(CostDimension.Team));
        var services = Billed(await By(CostDimension.Service));
        var envs = Billed(await By(CostDimension.Env));

        Assert.Equal(new Dictionary<string, decimal> { ["payments"] = 10m, ["discovery"] = 5m, ["unallocated"] = 7m }, teams);
        Assert.Equal(new Dictionary<string, decimal> { ["checkout-api"] = 10m, ["search"] = 5m, ["unallocated"] = 7m }, services);
        Assert.Equal(new Dictionary<string, decimal> { ["production"] = 5m, ["unallocated"] = 17m }, envs);
    }

    [Fact]
    public async Task Tag_keys_allocate_in_order_and_the_rest_is_unallocated()
    {
        await _store.CatalogAsync(("billing-worker", "finance", []));
        await _store.AddAsync(
            Row(1m, """{"app":"web","application":"ignored","owner":"frontend","environment":"staging"}"""),
            Row(2m, """{"application":"batch","team":"data","owner":"ignored","env":"prod"}"""),
            Row(4m, """{"service":"billing-worker"}"""),
            Row(8m, null),
            Row(16m, """{"cost-center":"42"}"""));

        var teams = Billed(await By(CostDimension.Team));
        var services = Billed(await By(CostDimension.Service));
        var envs = Billed(await By(CostDimension.Env));

        Assert.Equal(new Dictionary<string, decimal> { ["frontend"] = 1m, ["data"] = 2m, ["finance"] = 4m, ["unallocated"] = 24m }, teams);
        Assert.Equal(new Dictionary<string, decimal> { ["web"] = 1m, ["batch"] = 2m, ["billing-worker"] = 4m, ["unallocated"] = 24m }, services);
        Assert.Equal(new Dictionary<string, decimal> { ["staging"] = 1m, ["prod"] = 2m, ["unallocated"] = 28m }, envs);
        var unallocated = Assert.Single(await By(CostDimension.Team), r => r.Group == "unallocated");
        Assert.Equal(2L, unallocated.Rows);
        Assert.Equal(24.0 / 31.0, unallocated.Share!.Value, 12);
    }

    [Fact]
    public async Task Currencies_are_never_summed_together()
    {
        await _store.AddAsync(
            Row(10m, """{"team":"a"}""", "USD", effective: 8m),
            Row(3m, """{"team":"a"}""", "EUR"),
            Row(30m, """{"team":"b"}""", "USD"),
            Row(1m, """{"team":"b"}""", "EUR"));

        var rows = await By(CostDimension.Team);

        Assert.Equal(4, rows.Count);
        var usdA = Assert.Single(rows, r => r is { Group: "a", Currency: "USD" });
        Assert.Equal((10m, 8m, 0.25), (usdA.BilledCost, usdA.EffectiveCost, usdA.Share!.Value));
        var eurA = Assert.Single(rows, r => r is { Group: "a", Currency: "EUR" });
        Assert.Equal((3m, 0.75), (eurA.BilledCost, eurA.Share!.Value));
        Assert.Equal(1.0, rows.Where(r => r.Currency == "USD").Sum(r => r.Share!.Value), 12);
        Assert.Equal(1.0, rows.Where(r => r.Currency == "EUR").Sum(r => r.Share!.Value), 12);
    }

    [Fact]
    public async Task From_and_to_filter_charge_period_start_half_open()
    {
        var day = new DateTime(2024, 9, 10, 0, 0, 0, DateTimeKind.Utc);
        await _store.AddAsync(
            Row(1m, null, start: day.AddDays(-1)),
            Row(2m, null, start: day),
            Row(4m, null, start: day.AddDays(1).AddSeconds(-1)),
            Row(8m, null, start: day.AddDays(1)));

        Assert.Equal(6m, Assert.Single(await By(CostDimension.Provider, day, day.AddDays(1))).BilledCost);
        Assert.Equal(14m, Assert.Single(await By(CostDimension.Provider, from: day)).BilledCost);
        Assert.Equal(7m, Assert.Single(await By(CostDimension.Provider, to: day.AddDays(1))).BilledCost);
        Assert.Empty(await By(CostDimension.Provider, day.AddDays(5), day.AddDays(6)));
    }

    [Fact]
    public async Task A_team_sees_only_its_rows_and_focus_columns_group_too()
    {
        await _store.AddAsync(
            Row(10m, """{"team":"a"}"""),
            Row(30m, """{"team":"b"}"""),
            Row(5m, null));

        var onlyA = await By(CostDimension.CloudService, team: "a");

        var row = Assert.Single(onlyA);
        Assert.Equal(("Amazon EC2", 10m, 1L, 1.0), (row.Group, row.BilledCost, row.Rows, row.Share!.Value));
        Assert.Equal("Usage", Assert.Single(await By(CostDimension.ChargeCategory)).Group);
        Assert.Equal("sub-1", Assert.Single(await By(CostDimension.Account)).Group);
        Assert.Equal("(none)", Assert.Single(await By(CostDimension.Region)).Group);
    }

    [Fact]
    public void Every_dimension_name_parses_and_unknown_names_do_not()
    {
        Assert.Equal(["team", "service", "env", "provider", "cloud-service", "category", "region", "account", "resource", "charge-category"], CostDimensions.Names);
        foreach (var name in CostDimensions.Names)
        {
            Assert.True(CostDimensions.TryParse(name, out var d));
            Assert.Equal(name, CostDimensions.NameOf(d));
        }
        Assert.False(CostDimensions.TryParse("team; DROP TABLE imports", out _));
    }
}
