using System.Collections;
using System.Globalization;
using System.Reflection;
using DuckDB.NET.Data;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Analytics.Tests.Cost;

/// <summary>
/// The key-grouped allocation (<c>allocated_costs.sql</c>, BENCHMARKS.md §10c) against the one it replaced, kept as the
/// test-only reference (<c>Cost/Reference/*.sql</c>): on random billing (tagged, untagged, account-mapped, shared pools
/// split evenly and in proportion, credits and refunds, three currencies with and without a conversion table, and a
/// second delivery restating some periods) every allocated row, and every cost KPI over it, is the same. Decimals are
/// compared exactly; doubles (shares, medians, means) to 1e-9 relative, as DuckDB sums them in an order of its choosing.
/// </summary>
public sealed class CostAllocationEquivalenceProperties
{
    private static readonly DateTime Month1 = RandomBilling.Month0.AddMonths(1);

    [Property(MaxTest = 10)]
    public async Task<bool> Allocated_rows_and_every_cost_kpi_equal_the_reference_on_random_billing(int seed)
    {
        var random = new Random(seed);
        var shared = seed % 3 != 0;
        var allocation = new CostAllocationOptions
        {
            Accounts = seed % 2 == 0 ? new(StringComparer.Ordinal) { ["sub-2"] = "infra", ["acct-2"] = "web" } : new(StringComparer.Ordinal),
            Shared = shared
                ?
                [
                    new SharedCostRule { Name = "net", Match = SharedCostMatch.Tag, Key = "component", Value = "network", Split = SharedCostSplit.Even },
                    new SharedCostRule { Name = "support", Match = SharedCostMatch.CloudService, Value = "AWS Support" },
                    new SharedCostRule { Name = "search", Match = SharedCostMatch.Service, Value = "search", Split = SharedCostSplit.Even },
                    new SharedCostRule { Name = "sub3", Match = SharedCostMatch.Account, Value = "sub-3" },
                ]
                : [],
        };
        var currency = seed % 4 == 1
            ? new CurrencyConversionOptions { Reporting = "USD", Rates = new(StringComparer.Ordinal) { ["EUR"] = 1.0837m, ["JPY"] = 0.006712m } }
            : new CurrencyConversionOptions();
        using var store = new CostStore(allocation, currency);
        await store.CatalogAsync(
            ("checkout-api", "payments", [("service", "checkout-api")]),
            ("search", "discovery", [("component", "search"), ("env", "prod")]),
            ("ledger", "finance", []));
        var billing = new RandomBilling(random);
        await store.AddAsync([.. Enumerable.Range(0, 40 + random.Next(200)).Select(i => With(billing.Row(), i))]);
        // A restatement: the second delivery replaces the first's rows of its provider + billing account + billing periods.
        await store.AddAsync([.. Enumerable.Range(0, random.Next(60)).Select(i => With(billing.Row(), i))]);

        var reference = new CostAllocation(Options.Create(allocation), Options.Create(currency),
            [Reference("reference_tag_allocation.sql")], Reference("reference_allocated_costs.sql"));
        await AssertSameAsReferenceAsync(store, store.Allocation, reference);
        return true;
    }

    private static async Task AssertSameAsReferenceAsync(CostStore store, CostAllocation actual, CostAllocation reference)
    {
        (DateTime? From, DateTime? To)[] windows =
        [
            (null, null), (RandomBilling.Month0, Month1), (Month1.AddDays(9).AddHours(5), Month1.AddDays(40)), (null, Month1.AddDays(3)),
            (Month1.AddDays(200), null),
        ];
        foreach (var (from, to) in windows)
        {
            AssertSame(await RowsAsync(store, reference, from, to), await RowsAsync(store, actual, from, to), $"rows {from}..{to}");
        }

        var kpis = Options.Create(new CostKpiOptions
        {
            Baseline = new CostBaselineOptions { From = DateOnly.FromDateTime(RandomBilling.Month0), To = DateOnly.FromDateTime(RandomBilling.Month0.AddDays(20)) },
        });
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var asOf = DateOnly.FromDateTime(Month1.AddDays(45));
        async Task<object> KpisAsync(CostAllocation allocation)
        {
            var results = new List<object>();
            var by = new CostQuery(store.Database, allocation);
            // The rows above are compared over every window, so each grouping needs one window to prove it reads them
            // the same way: the dimensions take the windows in turn (every dimension and every window is used once or
            // more), and team, which most reports read, takes all of them.
            var dimensions = Enum.GetValues<CostDimension>();
            for (var i = 0; i < dimensions.Length; i++)
            {
                var (from, to) = windows[i % windows.Length];
                results.Add(await by.ByAsync(dimensions[i], from, to, null, CancellationToken.None));
            }
            foreach (var (from, to) in windows.Skip(1))
            {
                results.Add(await by.ByAsync(CostDimension.Team, from, to, null, CancellationToken.None));
            }
            results.Add(await by.ByAsync(CostDimension.Service, null, null, "payments", CancellationToken.None));
            var change = new CostChangeQuery(store.Database, allocation, kpis);
            foreach (var basis in new[] { CostBasis.Billed, CostBasis.Effective })
            {
                results.Add(await change.CompareAsync(Month1.AddDays(10), Month1.AddDays(24), basis, null, CancellationToken.None));
            }
            results.Add(await change.CompareAsync(Month1, Month1.AddMonths(1), CostBasis.Effective, "infra", CancellationToken.None));
            var trend = new CostTrendQuery(store.Database, allocation);
            foreach (var every in Enum.GetValues<CostInterval>())
            {
                results.Add(await trend.EveryAsync(every, CostDimension.Team, null, null, null, CancellationToken.None));
            }
            results.Add(await trend.EveryAsync(CostInterval.Day, null, Month1, Month1.AddDays(14), "web", CancellationToken.None));
            results.Add(await new CostAnomalyQuery(store.Database, allocation, kpis).DetectAsync(Month1.AddDays(20), Month1.AddDays(60), CostBasis.Effective, null, CancellationToken.None));
            var forecast = new CostForecastQuery(store.Database, allocation, new BillingDataEnd(store.Database, time), kpis);
            results.Add(await forecast.ForecastAsync(CostDimension.Team, CostBasis.Billed, null, asOf, CancellationToken.None));
            results.Add(await forecast.ForecastAsync(CostDimension.Service, CostBasis.Effective, null, asOf, CancellationToken.None));
            results.Add(await new CostHygieneQuery(store.Database, allocation).PerAccountAsync(null, null, CostBasis.Effective, null, CancellationToken.None));
            results.Add(await new CommitmentQuery(store.Database, allocation).MeasureAsync(Month1, null, null, CancellationToken.None));
            results.Add(await new UnitCostQuery(store.Database, allocation, kpis).PerServiceAsync(null, null, null, CancellationToken.None));
            return results;
        }
        AssertSame(await KpisAsync(reference), await KpisAsync(actual), "kpis");
    }

    /// <summary>Every allocated row of a window, in one order, with the columns the KPIs read.</summary>
    private static async Task<List<object?[]>> RowsAsync(CostStore store, CostAllocation allocation, DateTime? from, DateTime? to)
    {
        using var connection = allocation.OpenReader(store.Database);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT row_id, team, service, environment, allocated_by, shared_pool, BilledCost, EffectiveCost, ListCost, ContractedCost,
                   BillingCurrency, BillingPeriodStart, ChargePeriodStart, CAST(Tags AS VARCHAR), SubAccountId, BillingAccountId, ServiceName, ChargeCategory
            FROM allocated_costs($from, $to, $rules)
            ORDER BY row_id, team, service
            """;
        command.Parameters.Add(new DuckDBParameter("from", from is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("to", to is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }
        return rows;
    }

    private static Ingest.Records.FocusLineItem With(Ingest.Records.FocusLineItem row, int index)
    {
        row.SourceLine = index + 2;
        return row;
    }

    /// <summary>Structural equality: decimals, strings, dates exactly; doubles to 1e-9 relative; lists in order; records by property.</summary>
    private static void AssertSame(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual}");
                return;
            case double e:
                var a = Assert.IsType<double>(actual);
                Assert.True(e.Equals(a) || Math.Abs(e - a) <= 1e-9 * Math.Max(Math.Abs(e), Math.Abs(a)),
                    string.Create(CultureInfo.InvariantCulture, $"{path}: expected {e:R}, got {a:R}"));
                return;
            case string or decimal or DateTime or DateOnly or Enum or bool or int or long or ulong or System.Numerics.BigInteger:
                Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IEnumerable list:
                var left = list.Cast<object?>().ToList();
                var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: {left.Count} items expected, {right.Count} found");
                for (var i = 0; i < left.Count; i++)
                {
                    AssertSame(left[i], right[i], $"{path}[{i}]");
                }
                return;
            default:
                Assert.NotNull(actual);
                Assert.Equal(expected.GetType(), actual.GetType());
                foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
                {
                    AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
                }
                return;
        }
    }

    private static string Reference(string name)
    {
        using var stream = typeof(CostAllocationEquivalenceProperties).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"No embedded reference SQL {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
