using Platform.Insights.Analytics.Cost;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Cost.CostStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostAllocationTests
{
    private static readonly DateTime September = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<Dictionary<string, decimal>> BilledByAsync(CostStore store, CostDimension by, DateTime? from = null, DateTime? to = null) =>
        (await store.Query.ByAsync(by, from, to, null, CancellationToken.None)).ToDictionary(r => r.Group, r => r.BilledCost);

    private static FocusLineItem InAccount(FocusLineItem row, string subAccount, string billingAccount = "payer-1")
    {
        row.SubAccountId = subAccount;
        row.BillingAccountId = billingAccount;
        return row;
    }

    [Fact]
    public async Task Untagged_spend_goes_to_the_team_its_account_is_mapped_to_after_tags()
    {
        using var store = new CostStore(new CostAllocationOptions
        {
            Accounts = new(StringComparer.Ordinal) { ["111"] = "data", ["payer-9"] = "platform" },
        });
        await store.AddAsync(
            InAccount(Row(1m, null), "111"),
            InAccount(Row(2m, """{"team":"web"}"""), "111"),
            InAccount(Row(4m, null), "222", "payer-9"),
            InAccount(Row(8m, null), "333"));

        var teams = await BilledByAsync(store, CostDimension.Team);

        Assert.Equal(new Dictionary<string, decimal> { ["data"] = 1m, ["web"] = 2m, ["platform"] = 4m, ["unallocated"] = 8m }, teams);
    }

    [Fact]
    public async Task Kubernetes_labels_as_providers_export_them_allocate_by_default()
    {
        using var store = new CostStore();
        await store.AddAsync(
            Row(1m, """{"aws:eks:deployment":"cart","k8s-label/team":"shop"}"""),
            Row(2m, """{"k8s-label/app":"search","k8s-label/env":"prod"}"""),
            Row(4m, """{"app.kubernetes.io/name":"ledger","app.kubernetes.io/part-of":"finance"}"""));

        Assert.Equal(new Dictionary<string, decimal> { ["cart"] = 1m, ["search"] = 2m, ["ledger"] = 4m }, await BilledByAsync(store, CostDimension.Service));
        Assert.Equal(new Dictionary<string, decimal> { ["shop"] = 1m, ["unallocated"] = 2m, ["finance"] = 4m }, await BilledByAsync(store, CostDimension.Team));
        Assert.Equal(new Dictionary<string, decimal> { ["prod"] = 2m, ["unallocated"] = 5m }, await BilledByAsync(store, CostDimension.Env));
    }

    [Fact]
    public async Task Configured_tag_keys_replace_the_defaults_and_keep_their_order()
    {
        using var store = new CostStore(new CostAllocationOptions { ServiceTagKeys = ["component", "service"], TeamTagKeys = ["squad"] });
        await store.AddAsync(
            Row(1m, """{"component":"api","service":"ignored","squad":"red","team":"ignored"}"""),
            Row(2m, """{"app":"not-a-key-any-more","team":"not-a-key-any-more"}"""));

        Assert.Equal(new Dictionary<string, decimal> { ["api"] = 1m, ["unallocated"] = 2m }, await BilledByAsync(store, CostDimension.Service));
        Assert.Equal(new Dictionary<string, decimal> { ["red"] = 1m, ["unallocated"] = 2m }, await BilledByAsync(store, CostDimension.Team));
    }

    [Fact]
    public async Task A_shared_pool_is_split_in_proportion_to_direct_cost_and_adds_up_exactly()
    {
        using var store = new CostStore(new CostAllocationOptions
        {
            Shared = [new SharedCostRule { Name = "networking", Match = SharedCostMatch.Tag, Key = "pool", Value = "net" }],
        });
        await store.AddAsync(
            Row(30m, """{"team":"a"}"""),
            Row(10m, """{"team":"b"}"""),
            Row(0.01m, """{"pool":"net"}"""),
            Row(100m, """{"pool":"net","team":"ignored"}"""),
            Row(5m, null));

        var teams = await BilledByAsync(store, CostDimension.Team);
        var services = await BilledByAsync(store, CostDimension.Service);

        Assert.Equal(30m + 75.0075m, teams["a"]);
        Assert.Equal(10m + 25.0025m, teams["b"]);
        Assert.Equal(5m, teams["unallocated"]);
        Assert.Equal(145.01m, teams.Values.Sum());
        Assert.Equal(100.01m, services["shared:networking"]);
    }

    [Fact]
    public async Task An_even_split_divides_a_pool_equally_and_the_last_team_takes_the_remainder()
    {
        using var store = new CostStore(new CostAllocationOptions
        {
            Shared = [new SharedCostRule { Name = "support", Match = SharedCostMatch.CloudService, Value = "AWS Support", Split = SharedCostSplit.Even }],
        });
        var support = Row(100m, null);
        support.ServiceName = "AWS Support";
        await store.AddAsync(Row(1m, """{"team":"a"}"""), Row(50m, """{"team":"b"}"""), Row(7m, """{"team":"c"}"""), support);

        var parts = (await store.Query.ByAsync(CostDimension.Team, null, null, null, CancellationToken.None)).ToDictionary(r => r.Group);

        Assert.Equal(1m + 33.333333333333m, parts["a"].BilledCost);
        Assert.Equal(50m + 33.333333333333m, parts["b"].BilledCost);
        Assert.Equal(7m + 33.333333333334m, parts["c"].BilledCost);
        Assert.Equal(158m, parts.Values.Sum(p => p.BilledCost));
        Assert.Equal(158m, parts.Values.Sum(p => p.EffectiveCost));
    }

    [Fact]
    public async Task A_shared_row_inside_a_window_is_split_by_its_whole_billing_period()
    {
        using var store = new CostStore(new CostAllocationOptions
        {
            Shared = [new SharedCostRule { Name = "acct", Match = SharedCostMatch.Account, Value = "shared-acct" }],
        });
        await store.AddAsync(
            Row(10m, """{"team":"a"}""", start: September.AddDays(1)),
            Row(30m, """{"team":"b"}""", start: September.AddDays(20)),
            InAccount(Row(8m, null, start: September.AddDays(2)), "shared-acct"));

        var window = await BilledByAsync(store, CostDimension.Team, September, September.AddDays(7));

        Assert.Equal(new Dictionary<string, decimal> { ["a"] = 12m, ["b"] = 6m }, window);
    }

    [Fact]
    public async Task A_shared_pool_with_no_team_to_receive_it_keeps_its_own_allocation()
    {
        using var store = new CostStore(new CostAllocationOptions
        {
            Shared = [new SharedCostRule { Name = "net", Match = SharedCostMatch.Tag, Key = "pool", Value = "net" }],
        });
        await store.AddAsync(Row(3m, """{"pool":"net"}"""), Row(2m, """{"pool":"net"}""", "EUR"), Row(5m, """{"team":"a"}""", "EUR"));

        var rows = await store.Query.ByAsync(CostDimension.Team, null, null, null, CancellationToken.None);

        Assert.Equal(3m, Assert.Single(rows, r => r.Currency == "USD" && r.Group == "unallocated").BilledCost);
        Assert.Equal(7m, Assert.Single(rows, r => r.Currency == "EUR" && r.Group == "a").BilledCost);
    }

    [Fact]
    public async Task A_conversion_table_reports_listed_currencies_in_the_reporting_currency_and_leaves_the_rest()
    {
        using var store = new CostStore(currency: new CurrencyConversionOptions
        {
            Reporting = "USD",
            Rates = new(StringComparer.Ordinal) { ["EUR"] = 1.08m, ["GBP"] = 1.27m },
        });
        await store.AddAsync(Row(10m, """{"team":"a"}"""), Row(10m, """{"team":"a"}""", "EUR"), Row(0.01m, """{"team":"b"}""", "GBP"), Row(500m, """{"team":"a"}""", "JPY"));

        var rows = await store.Query.ByAsync(CostDimension.Team, null, null, null, CancellationToken.None);

        Assert.Equal(20.8m, Assert.Single(rows, r => r is { Group: "a", Currency: "USD" }).BilledCost);
        Assert.Equal(0.0127m, Assert.Single(rows, r => r is { Group: "b", Currency: "USD" }).BilledCost);
        Assert.Equal(500m, Assert.Single(rows, r => r.Currency == "JPY").BilledCost);
        Assert.DoesNotContain(rows, r => r.Currency is "EUR" or "GBP");
    }

    [Fact]
    public void A_conversion_table_needs_a_reporting_currency_and_positive_rates()
    {
        var options = new CurrencyConversionOptions { Rates = new(StringComparer.Ordinal) { ["EUR"] = 0m, ["euro"] = 1m } };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains("Insights:Cost:Currency:Reporting must be a 3-letter currency code when Insights:Cost:Currency:Rates are set", errors);
        Assert.Contains("Insights:Cost:Currency:Rates:EUR must be a positive rate", errors);
        Assert.Contains("Insights:Cost:Currency:Rates:euro is not a 3-letter currency code", errors);
    }

    [Fact]
    public void Bad_allocation_settings_are_refused_naming_the_key()
    {
        var options = new CostAllocationOptions
        {
            TeamTagKeys = ["team", " "],
            Accounts = new(StringComparer.Ordinal) { ["123"] = "" },
            Shared = [new SharedCostRule { Name = "", Match = SharedCostMatch.Tag, Value = "x" }],
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains("Insights:Cost:Allocation:TeamTagKeys must not contain empty tag keys", errors);
        Assert.Contains("Insights:Cost:Allocation:Accounts:123 must name a team", errors);
        Assert.Contains("Insights:Cost:Allocation:Shared:0:Name is required", errors);
        Assert.Contains("Insights:Cost:Allocation:Shared:0:Key (the tag key) is required when Match is Tag", errors);
    }
}
