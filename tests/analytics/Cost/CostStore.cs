using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Cost;

/// <summary>A real DuckDB store on a temp directory with helpers to load billing rows and catalog services.</summary>
public sealed class CostStore : IDisposable
{
    private readonly TempDirectory _dir = new();
    private int _imports;

    public CostStore(CostAllocationOptions? allocation = null, CurrencyConversionOptions? currency = null)
    {
        Database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), new FakeTimeProvider());
        Billing = new BillingStore(Database);
        Allocation = new CostAllocation(Microsoft.Extensions.Options.Options.Create(allocation ?? new CostAllocationOptions()),
            Microsoft.Extensions.Options.Options.Create(currency ?? new CurrencyConversionOptions()));
        Query = new CostQuery(Database, Allocation);
    }

    public InsightsDatabase Database { get; }

    public BillingStore Billing { get; }

    public CostAllocation Allocation { get; }

    public CostQuery Query { get; }

    public static FocusLineItem Row(decimal billed, string? tags, string currency = "USD", DateTime? start = null, decimal? effective = null, long line = 2) => new()
    {
        BilledCost = billed,
        EffectiveCost = effective ?? billed,
        ListCost = billed,
        ContractedCost = billed,
        BillingCurrency = currency,
        BillingAccountId = "acct-1",
        SubAccountId = "sub-1",
        BillingPeriodStart = new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc),
        BillingPeriodEnd = new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc),
        ChargePeriodStart = start ?? new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc),
        ChargePeriodEnd = (start ?? new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc)).AddHours(1),
        ChargeCategory = "Usage",
        ProviderName = "AWS",
        ServiceName = "Amazon EC2",
        TagsJson = tags,
        SourceLine = line,
    };

    public async Task AddAsync(params FocusLineItem[] rows)
    {
        var id = $"imp-{++_imports}";
        await Billing.BeginAsync(id, CancellationToken.None);
        await Billing.StageAsync(id, rows, CancellationToken.None);
        await Billing.CommitAsync(id, CancellationToken.None);
    }

    public Task ClearBillingAsync() =>
        Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM focus_line_items";
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    /// <summary>Saves catalog services: (name, team, cost tags).</summary>
    public async Task CatalogAsync(params (string Name, string Team, (string Key, string Value)[] CostTags)[] services)
    {
        const string file = "/repo/catalog-info.yaml";
        var components = services.Select((s, i) => new CatalogComponent
        {
            Name = s.Name,
            OwnerRef = $"group:default/{s.Team}",
            Team = s.Team,
            Type = "service",
            Lifecycle = "production",
            Settings = new ServiceSettings { CostTags = [.. s.CostTags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value))] },
            SourceFile = file,
            Line = i + 1,
        }).ToArray();
        var saved = await new CatalogStore(Database).SaveAsync([file], [], [], components, CancellationToken.None);
        Assert.True(saved.Saved);
    }

    public void Dispose()
    {
        Database.Dispose();
        _dir.Dispose();
    }
}
