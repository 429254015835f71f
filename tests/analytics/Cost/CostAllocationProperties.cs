using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Cost.CostStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostStoreFixture : IDisposable
{
    public CostStore Store { get; } = new();

    public bool CatalogLoaded { get; set; }

    public void Dispose() => Store.Dispose();
}

/// <summary>
/// Allocated + unallocated = total: whatever the tags, grouping by team neither drops nor double-counts a row,
/// so the groups' BilledCost sums to the store's total per currency, exactly (decimals, to the last digit).
/// </summary>
public sealed class CostAllocationProperties(CostStoreFixture fixture) : IClassFixture<CostStoreFixture>
{
    private static readonly string[] Keys = ["service", "app", "application", "team", "owner", "env", "environment", "component", "other"];
    private static readonly string[] Values = ["checkout-api", "search", "a", "b", "", "prod"];
    private static readonly string[] Currencies = ["USD", "EUR", "JPY"];

    [Property(MaxTest = 30)]
    public async Task<bool> Groups_by_team_sum_to_the_total_per_currency((int Cents, byte Currency, byte[] Tags)[] seeds)
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
        var rowCounts = groups.Sum(g => g.Rows);
        var oneRowPerGroup = groups.GroupBy(g => (g.Group, g.Currency)).All(g => g.Count() == 1);
        return expected.Count == actual.Count
               && expected.All(e => actual.TryGetValue(e.Key, out var a) && a == e.Value)
               && rowCounts == rows.Length
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
