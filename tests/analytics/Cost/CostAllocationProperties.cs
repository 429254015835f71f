using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Cost.CostStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public class CostStoreFixture : IDisposable
{
    public CostStoreFixture()
        : this(new CostAllocationOptions())
    {
    }

    protected CostStoreFixture(CostAllocationOptions allocation) => Store = new CostStore(allocation);

    public CostStore Store { get; }

    public bool CatalogLoaded { get; set; }

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A store whose allocation also maps accounts and splits two shared pools (one even, one proportional).</summary>
public sealed class SharedCostStoreFixture() : CostStoreFixture(new CostAllocationOptions
{
    Accounts = new(StringComparer.Ordinal) { ["sub-1"] = "b" },
    Shared =
    [
        new SharedCostRule { Name = "net", Match = SharedCostMatch.Tag, Key = "component", Value = "search", Split = SharedCostSplit.Even },
        new SharedCostRule { Name = "prod", Match = SharedCostMatch.Service, Value = "checkout-api" },
    ],
});

/// <summary>
/// Allocated + unallocated = total: whatever the tags (and with account maps and shared pools split across teams), grouping by team neither drops nor double-counts a row,
/// so the groups' BilledCost sums to the store's total per currency, exactly (decimals, to the last digit).
/// </summary>
public sealed class CostAllocationProperties(CostStoreFixture fixture, SharedCostStoreFixture shared)
    : IClassFixture<CostStoreFixture>, IClassFixture<SharedCostStoreFixture>
{
    private static readonly string[] Keys = ["service", "app", "application", "team", "owner", "env", "environment", "component", "other"];
    private static readonly string[] Values = ["checkout-api", "search", "a", "b", "", "prod"];
    private static readonly string[] Currencies = ["USD", "EUR", "JPY"];

    [Property(MaxTest = 30)]
    public Task<bool> Groups_by_team_sum_to_the_total_per_currency((int Cents, byte Currency, byte[] Tags)[] seeds) =>
        SumsToTotalAsync(fixture, seeds);

    [Property(MaxTest = 30)]
    public Task<bool> Shared_pools_and_account_maps_neither_drop_nor_add_a_cent((int Cents, byte Currency, byte[] Tags)[] seeds) =>
        SumsToTotalAsync(shared, seeds);

    private static async Task<bool> SumsToTotalAsync(CostStoreFixture fixture, (int Cents, byte Currency, byte[] Tags)[] seeds)
    {
        var store = fixture.Store;
        if (!fixture.CatalogLoaded)
        {
            fixture.CatalogLoaded = true;
            await store.CatalogAsync(
                ("checkout-api", "payments", [("service", "checkout-api")]),
                ("search", "discovery", [("component", "search"), ("env", "prod")]));
        }
        await store.ClearBillingAsync();
        var rows = seeds.Select((s, i) => Row(
            s.Cents / 100m + 0.000001m * (s.Cents % 7),
            Tags(s.Tags),
            Currencies[s.Currency % Currencies.Length],
            line: i + 2)).ToArray();
        if (rows.Length > 0)
        {
            await store.AddAsync(rows);
        }

        var groups = await store.Query.ByAsync(CostDimension.Team, null, null, null, CancellationToken.None);

        var expected = rows.GroupBy(r => r.BillingCurrency).ToDictionary(g => g.Key, g => g.Sum(r => r.BilledCost));
        var actual = groups.GroupBy(r => r.Currency).ToDictionary(g => g.Key, g => g.Sum(r => r.BilledCost));
        var splitRows = fixture is SharedCostStoreFixture;
        var rowCounts = groups.Sum(g => g.Rows);
        var oneRowPerGroup = groups.GroupBy(g => (g.Group, g.Currency)).All(g => g.Count() == 1);
        return expected.Count == actual.Count
               && expected.All(e => actual.TryGetValue(e.Key, out var a) && a == e.Value)
               && (splitRows ? rowCounts >= rows.Length : rowCounts == rows.Length)
               && oneRowPerGroup;
    }

    private static string? Tags(byte[] bytes)
    {
        if (bytes is null or [])
        {
            return null;
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            tags[Keys[bytes[i] % Keys.Length]] = Values[bytes[i + 1] % Values.Length];
        }
        return System.Text.Json.JsonSerializer.Serialize(tags);
    }
}
