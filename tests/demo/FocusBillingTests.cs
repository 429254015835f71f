using System.Text.Json;

namespace Platform.Insights.Demo.Tests;

[Collection(GeneratedOrganisationCollection.Name)]
public sealed class FocusBillingTests(GeneratedOrganisation org)
{
    /// <summary>The FOCUS 1.0 columns, in the order of the FOCUS sample data (without its non-FOCUS Id column).</summary>
    private static readonly string[] Focus10Columns =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
        "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
        "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
        "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
        "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
        "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId",
        "SubAccountName", "Tags",
    ];

    private List<Dictionary<string, string>> AllRows() =>
        org.FilesOf(DemoFileKind.Billing).SelectMany(f => FormatReaders.CsvRecords(org.File(f.Path))).ToList();

    [Fact]
    public void One_focus_file_per_month_with_the_full_column_set_and_constant_field_count()
    {
        Assert.Equal(["billing/focus-2026-10.csv", "billing/focus-2026-11.csv", "billing/focus-2026-12.csv"], org.FilesOf(DemoFileKind.Billing).Select(f => f.Path));
        foreach (var file in org.FilesOf(DemoFileKind.Billing))
        {
            var lines = File.ReadAllLines(org.File(file.Path));
            Assert.Equal(Focus10Columns, FormatReaders.CsvFields(lines[0]));
            Assert.All(lines.Skip(1), l => Assert.Equal(Focus10Columns.Length, FormatReaders.CsvFields(l).Count));
            Assert.All(lines, l => Assert.DoesNotContain("\"NULL\"", l, StringComparison.Ordinal));
            var month = Path.GetFileNameWithoutExtension(file.Path)["focus-".Length..];
            foreach (var row in FormatReaders.CsvRecords(org.File(file.Path)))
            {
                Assert.Equal(month + "-01 00:00:00", row["BillingPeriodStart"]);
                Assert.StartsWith(month, row["ChargePeriodStart"], StringComparison.Ordinal);
                Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", row["ChargePeriodEnd"]);
                Assert.True(string.CompareOrdinal(row["ChargePeriodEnd"], row["BillingPeriodEnd"]) <= 0);
            }
        }
    }

    [Fact]
    public void Billed_cost_sums_equal_the_manifest_exactly()
    {
        var rows = AllRows();
        Assert.Equal(org.Manifest.Billing.BilledCost, rows.Sum(r => FormatReaders.Money(r["BilledCost"])));
        Assert.Equal(org.Manifest.Billing.EffectiveCost, rows.Sum(r => FormatReaders.Money(r["EffectiveCost"])));
        Assert.Equal(org.Manifest.Billing.Rows, rows.Count);
    }

    [Fact]
    public void Every_resource_is_billed_daily_under_the_id_its_metrics_use()
    {
        var rows = AllRows();
        foreach (var resource in org.Manifest.Resources)
        {
            var mine = rows.Where(r => r["ResourceId"] == resource.Id).ToList();
            Assert.Equal(org.Manifest.Days, mine.Count);
            var tags = JsonDocument.Parse(mine[0]["Tags"]).RootElement;
            Assert.Equal(resource.Team, tags.GetProperty("team").GetString());
            Assert.Equal(resource.Service, tags.GetProperty("service").GetString());
            Assert.Equal(resource.Environment, tags.GetProperty("env").GetString());
            Assert.All(mine, r => Assert.True(FormatReaders.Money(r["EffectiveCost"]) > 0));
        }
    }

    [Fact]
    public void Committed_usage_is_amortised_from_the_monthly_purchase()
    {
        foreach (var file in org.FilesOf(DemoFileKind.Billing))
        {
            var rows = FormatReaders.CsvRecords(org.File(file.Path));
            var purchase = Assert.Single(rows, r => r["ChargeCategory"] == "Purchase");
            var covered = rows.Where(r => r["CommitmentDiscountStatus"] is "Used" or "Unused").ToList();
            Assert.Equal(FormatReaders.Money(purchase["BilledCost"]), covered.Sum(r => FormatReaders.Money(r["EffectiveCost"])));
            Assert.All(covered.Where(r => r["CommitmentDiscountStatus"] == "Used"), r =>
            {
                Assert.Equal(0m, FormatReaders.Money(r["BilledCost"]));
                Assert.True(FormatReaders.Money(r["EffectiveCost"]) < FormatReaders.Money(r["ListCost"]));
                Assert.Equal("Committed", r["PricingCategory"]);
                Assert.Equal(purchase["CommitmentDiscountId"], r["CommitmentDiscountId"]);
            });
        }
    }

    [Fact]
    public void Spot_usage_is_dynamic_and_cheaper_than_list()
    {
        var spot = AllRows().Where(r => r["PricingCategory"] == "Dynamic").ToList();
        Assert.Equal(org.Manifest.Resources.Count(r => r.Pricing == DemoPricingModel.Spot) * org.Manifest.Days, spot.Count);
        Assert.All(spot, r => Assert.True(FormatReaders.Money(r["BilledCost"]) < FormatReaders.Money(r["ListCost"])));
    }

    [Fact]
    public void About_five_percent_of_spend_is_untagged()
    {
        var rows = AllRows();
        var untagged = rows.Where(r => r["Tags"] == "NULL").Sum(r => FormatReaders.Money(r["EffectiveCost"]));
        var total = rows.Sum(r => FormatReaders.Money(r["EffectiveCost"]));
        Assert.Equal(org.Manifest.Billing.UntaggedEffectiveCost, untagged);
        Assert.InRange(untagged / total, 0.03m, 0.09m);
    }

    [Fact]
    public void The_cost_anomaly_multiplies_one_services_daily_spend()
    {
        var anomaly = org.Manifest.CostAnomaly!;
        var daily = AllRows()
            .Where(r => r["Tags"] != "NULL" && JsonDocument.Parse(r["Tags"]).RootElement.GetProperty("service").GetString() == anomaly.Service)
            .GroupBy(r => DateOnly.Parse(r["ChargePeriodStart"][..10], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(r => FormatReaders.Money(r["EffectiveCost"])));
        var normal = daily.Where(d => d.Key < anomaly.Start || d.Key >= anomaly.End).Select(d => d.Value).Order().ToList();
        var baseline = normal[normal.Count / 2];
        for (var day = anomaly.Start; day < anomaly.End; day = day.AddDays(1))
        {
            Assert.InRange(daily[day] / baseline, 2.5m, 5m);
        }
        Assert.InRange(anomaly.End.DayNumber - anomaly.Start.DayNumber, 2, 3);
    }
}
