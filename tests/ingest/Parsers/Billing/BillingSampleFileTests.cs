using System.Text.Json;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>The real provider exports in shared/data/billing (see its README) through <see cref="BillingCsvParser"/>.</summary>
public sealed class BillingSampleFileTests
{
    private const string AwsLegacy = "billing/aws_legacy_cur_anonymized_2023-11.csv";
    private const string AzureActual = "billing/azure_ea_actualcost_small.csv";
    private const string AzureAmortized = "billing/azure_ea_amortizedcost_small.csv";
    private const string AzureExport = "billing/azure_ea_export_anonymized.csv";
    private const string Focus = "billing/focus_1.0_sample_1000.csv";

    private static readonly Dictionary<string, List<ParsedRecord<FocusLineItem>>> Cache = [];

    // Totals computed once with Python: csv.DictReader (encoding utf-8-sig) and sum(decimal.Decimal(row[column]))
    // over every data row, column lineItem/UnblendedCost for AWS, Cost for the EA files, CostInBillingCurrency for the export.
    [Theory]
    [InlineData(AwsLegacy, 1281, "1.68230869740")]
    [InlineData(AzureActual, 11, "8.5450077867419368")]
    [InlineData(AzureAmortized, 28, "16.29693213663664462748541900")]
    [InlineData(AzureExport, 27, "1.26136926505726")]
    [InlineData(Focus, 1000, "20.52022672899")]
    public void Every_row_parses_and_billed_cost_adds_up_to_the_source_column(string file, int rows, string total)
    {
        var records = Load(file);

        Assert.Empty(records.Where(r => r.IsError).Select(r => r.Error!.ToString()));
        Assert.Equal(rows, records.Count);
        Assert.Equal(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), records.Sum(r => r.Value!.BilledCost));
    }

    [Theory]
    [InlineData(AwsLegacy, BillingFormat.AwsCurLegacy)]
    [InlineData(AzureActual, BillingFormat.AzureEaLegacy)]
    [InlineData(AzureAmortized, BillingFormat.AzureEaLegacy)]
    [InlineData(AzureExport, BillingFormat.AzureCostInBillingCurrency)]
    [InlineData(Focus, BillingFormat.Focus)]
    public void Detection_picks_the_format_of_each_sample(string file, BillingFormat expected)
    {
        var path = TestFiles.SharedData(file);
        using var reader = InputFile.OpenText(path);
        var header = reader.ReadLine()!.Split(',').Select(h => h.Trim('"')).ToList();

        Assert.Equal(expected, BillingFormatDetector.Detect(header, path));
    }

    [Fact]
    public void Aws_legacy_cur_maps_usage_and_tax_and_its_list_cost()
    {
        var items = Items(AwsLegacy);

        Assert.Equal(new Dictionary<string, int> { ["Usage"] = 1269, ["Tax"] = 12 },
            items.GroupBy(i => i.ChargeCategory!).ToDictionary(g => g.Key, g => g.Count()));
        // Python: sum(Decimal(r['pricing/publicOnDemandCost'] or '0')).
        Assert.Equal(3.35617269490m, items.Sum(i => i.ListCost));
        Assert.Equal(items.Sum(i => i.BilledCost), items.Sum(i => i.EffectiveCost));
        Assert.All(items, i =>
        {
            Assert.Equal("AWS", i.ProviderName);
            Assert.Equal("USD", i.BillingCurrency);
            Assert.Equal("123412340534", i.BillingAccountId);
            Assert.Equal(new DateTime(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc), i.BillingPeriodStart);
            Assert.Equal(new DateTime(2023, 12, 1, 0, 0, 0, DateTimeKind.Utc), i.BillingPeriodEnd);
            Assert.NotNull(i.ServiceName);
            Assert.Null(i.TagsJson);
            Assert.Contains("x_lineItem/LineItemType", i.Extra!.Keys);
            Assert.DoesNotContain("x_lineItem/UnblendedCost", i.Extra!.Keys);
        });
        Assert.Equal(380, items.Count(i => i.RegionId == "ca-central-1"));
    }

    [Fact]
    public void Azure_actual_cost_maps_the_reservation_purchase_and_tags_without_braces()
    {
        var items = Items(AzureActual);

        Assert.Equal(new Dictionary<string, int> { ["Usage"] = 10, ["Purchase"] = 1 },
            items.GroupBy(i => i.ChargeCategory!).ToDictionary(g => g.Key, g => g.Count()));
        var purchase = items.Single(i => i.ChargeCategory == "Purchase");
        Assert.Equal(3.25m, purchase.BilledCost);
        Assert.Equal("Reservation", purchase.CommitmentDiscountType);
        Assert.Equal(new DateTime(2023, 9, 21, 0, 0, 0, DateTimeKind.Utc), purchase.ChargePeriodStart);
        Assert.Equal(new DateTime(2023, 9, 22, 0, 0, 0, DateTimeKind.Utc), purchase.ChargePeriodEnd);
        Assert.Equal(new DateTime(2023, 9, 1, 0, 0, 0, DateTimeKind.Utc), purchase.BillingPeriodStart);
        Assert.Equal(new DateTime(2023, 10, 1, 0, 0, 0, DateTimeKind.Utc), purchase.BillingPeriodEnd);
        Assert.Equal("8611537", purchase.BillingAccountId);
        Assert.Equal("1caaa5a3-2b66-438e-8ab4-bce37d518c5d", purchase.SubAccountId);
        Assert.Equal("Virtual Machines", purchase.ServiceName);
        Assert.Equal("uksouth", purchase.RegionId);
        var tagged = items.Where(i => i.TagsJson is not null).ToList();
        Assert.Equal(9, tagged.Count);
        Assert.All(tagged, i => Assert.NotEmpty(JsonDocument.Parse(i.TagsJson!).RootElement.EnumerateObject()));
        Assert.Equal("""{"CostCenter":"1234","env":"prod","org":"trey","application":"databricks","databricks-environment":"true"}""", tagged[0].TagsJson);
        Assert.All(items, i => Assert.Equal(("Microsoft", "USD"), (i.ProviderName, i.BillingCurrency)));
    }

    [Fact]
    public void Azure_amortized_cost_keeps_commitment_usage_with_effective_equal_to_billed()
    {
        var items = Items(AzureAmortized);

        Assert.All(items, i => Assert.Equal("Usage", i.ChargeCategory));
        Assert.All(items, i => Assert.Equal(i.BilledCost, i.EffectiveCost));
        Assert.Equal(27, items.Count(i => i.TagsJson is not null));
        Assert.Equal(["Reservation", "Savings Plan"], items.Where(i => i.CommitmentDiscountStatus == "Used").Select(i => i.CommitmentDiscountType!).Order());
    }

    [Fact]
    public void Azure_cost_in_billing_currency_export_uses_its_currency_and_short_dates()
    {
        var items = Items(AzureExport);

        Assert.All(items, i =>
        {
            Assert.Equal("CAD", i.BillingCurrency);
            Assert.Equal(new DateTime(2023, 9, 2, 0, 0, 0, DateTimeKind.Utc), i.ChargePeriodStart);
            Assert.Equal("""{"tagA":"valueA","tagB":"valueB","tagC":"valueC"}""", i.TagsJson);
            Assert.Equal("Usage", i.ChargeCategory);
        });
        Assert.Equal(3, items.Count(i => i.PricingCategory == "Dynamic"));
    }

    private static List<FocusLineItem> Items(string file) => [.. Load(file).Select(r => r.Value!)];

    private static List<ParsedRecord<FocusLineItem>> Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var records))
            {
                var path = TestFiles.SharedData(file);
                using var reader = InputFile.OpenText(path);
                records = BillingCsvParser.Parse(reader, path).ToList();
                Cache[file] = records;
            }
            return records;
        }
    }
}
