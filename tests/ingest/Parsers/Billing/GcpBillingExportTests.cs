using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>GCP BigQuery billing exports (fixtures written from the documented schema: there is no public raw sample).</summary>
public sealed class GcpBillingExportTests
{
    private static string Fixture(string name) => Path.Combine(TestFiles.RepoRoot, "tests", "ingest", "Parsers", "Billing", "Fixtures", name);

    private static List<FocusLineItem> Items(TextReader reader, string name) =>
        [.. BillingCsvParser.Parse(reader, name).Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString()))];

    private static List<FocusLineItem> Items(string fixture)
    {
        using var reader = InputFile.OpenText(Fixture(fixture));
        return Items(reader, fixture);
    }

    [Fact]
    public void Standard_csv_billed_cost_is_cost_plus_credits_so_it_totals_to_the_invoice()
    {
        var items = Items("gcp_billing_export_standard.csv");

        // cost 12.5 + 3.2 + 7 + 2.35 - 1.1 + 0.01 = 23.96; credits -2.5 - 1.25 - 0.75 = -4.5.
        Assert.Equal(6, items.Count);
        Assert.Equal(19.46m, items.Sum(i => i.BilledCost));
        Assert.Equal(items.Sum(i => i.BilledCost), items.Sum(i => i.EffectiveCost));
        Assert.Equal(24.1m, items.Sum(i => i.ListCost));
        var vm = items[0];
        Assert.Equal(10m, vm.BilledCost);
        Assert.Equal("-2.5", vm.Extra!["x_Credits"]);
        Assert.Equal("12.5", vm.Extra["x_CostBeforeCredits"]);
        Assert.Contains("SUSTAINED_USAGE_DISCOUNT", vm.Extra["x_credits"], StringComparison.Ordinal);
        Assert.Equal("-2.00", items[2].Extra!["x_Credits"]);
        Assert.False(items[1].Extra?.ContainsKey("x_Credits") ?? false);
    }

    [Fact]
    public void Standard_csv_maps_cost_types_projects_periods_and_labels()
    {
        var items = Items("gcp_billing_export_standard.csv");

        Assert.Equal(["Usage", "Usage", "Usage", "Tax", "Credit", "Adjustment"], items.Select(i => i.ChargeCategory));
        var vm = items[0];
        Assert.Equal(("Google Cloud", "Google Cloud", "Google Cloud"), (vm.ProviderName, vm.PublisherName, vm.InvoiceIssuerName));
        Assert.Equal(("01A2B3-C4D5E6-F7A8B9", "payments-prod", "Payments Prod"), (vm.BillingAccountId, vm.SubAccountId, vm.SubAccountName));
        Assert.Equal(("Compute Engine", "2E27-4F75-95CD", "N2 Instance Core running in Belgium"), (vm.ServiceName, vm.SkuId, vm.ChargeDescription));
        Assert.Equal(("europe-west1", "europe-west1-b", "EUR"), (vm.RegionId, vm.AvailabilityZone, vm.BillingCurrency));
        Assert.Equal((3600m, "seconds", 1m, "hour"), (vm.ConsumedQuantity, vm.ConsumedUnit, vm.PricingQuantity, vm.PricingUnit));
        Assert.Equal(new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc), vm.ChargePeriodStart);
        Assert.Equal(new DateTime(2024, 9, 1, 1, 0, 0, DateTimeKind.Utc), vm.ChargePeriodEnd);
        Assert.All(items, i => Assert.Equal((new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc)),
            (i.BillingPeriodStart, i.BillingPeriodEnd)));
        // Project labels fill in keys the resource lacks; the resource's own label wins.
        Assert.Equal("{\"team\":\"payments\",\"cost-center\":\"cc-42\",\"env\":\"prod\"}", vm.TagsJson);
        Assert.Equal("{\"team\":\"platform\",\"cost-center\":\"cc-42\"}", items[1].TagsJson);
        Assert.Null(items[3].TagsJson);
    }

    [Fact]
    public void Detailed_json_lines_map_nested_objects_resources_and_the_invoice_month()
    {
        var items = Items("gcp_billing_export_detailed.jsonl");

        // cost 0.456789 + 0.012 + 1.5 + 0.41 = 2.378789; credits -0.091358 - 1.5 = -1.591358.
        Assert.Equal(4, items.Count);
        Assert.Equal(0.787431m, items.Sum(i => i.BilledCost));
        var vm = items[0];
        Assert.Equal("checkout-api-7f9c", vm.ResourceName);
        Assert.Equal("//compute.googleapis.com/projects/payments-prod/zones/europe-west1-b/instances/1234567890123456789", vm.ResourceId);
        Assert.Equal(("Compute Engine", "payments-prod", "europe-west1"), (vm.ServiceName, vm.SubAccountId, vm.RegionId));
        Assert.Equal("0.114197", vm.Extra!["x_price.effective_price"]);
        Assert.Contains("n2-standard-4", vm.Extra["x_system_labels"], StringComparison.Ordinal);
        Assert.Equal("{\"team\":\"payments\",\"env\":\"prod\"}", vm.TagsJson);
        Assert.Equal(0m, items[2].BilledCost); // fully covered by the free tier
        Assert.Equal("Tax", items[3].ChargeCategory);
        Assert.Equal(4, items[3].SourceLine - items[0].SourceLine); // a blank line sits between rows 2 and 3
        Assert.All(items, i => Assert.Equal(new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc), i.BillingPeriodStart));
    }

    [Fact]
    public void Gzipped_json_lines_read_like_plain_ones()
    {
        var path = TestFiles.WriteTemp(TestFiles.Gzip(File.ReadAllText(Fixture("gcp_billing_export_detailed.jsonl"))), ".jsonl.gz");
        using var reader = InputFile.OpenText(path);

        var items = Items(reader, path);

        Assert.Equal(0.787431m, items.Sum(i => i.BilledCost));
    }

    [Fact]
    public void A_bad_json_line_or_credit_is_an_error_on_its_line_and_the_rest_import()
    {
        var lines = File.ReadAllLines(Fixture("gcp_billing_export_detailed.jsonl"));
        var text = string.Join("\n", lines[0], "{\"cost\": 1,", lines[1].Replace("\"credits\":[]", "\"credits\":[{\"name\":\"x\"}]", StringComparison.Ordinal)) + "\n";
        using var reader = new StringReader(text);

        var records = BillingCsvParser.Parse(reader, "bad.jsonl").ToList();

        Assert.Equal([false, true, true], records.Select(r => r.IsError));
        Assert.Equal((2L, 3L), (records[1].Error!.Line, records[2].Error!.Line));
        Assert.Contains("not valid JSON", records[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("credits has an entry without an amount", records[2].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("billing_account_id,cost,currency,usage_start_time,usage_end_time", BillingFormat.GcpBilling)]
    [InlineData("BillingAccountId,Cost,MeterCategory,Date,BillingCurrency", BillingFormat.AzureEaLegacy)]
    public void Gcp_is_detected_by_its_exact_column_names(string header, BillingFormat expected) =>
        Assert.Equal(expected, BillingFormatDetector.Detect(header.Split(','), "x.csv"));

    [Fact]
    public void A_gcp_csv_without_its_cost_columns_names_what_is_missing()
    {
        using var reader = new StringReader("billing_account_id,cost,usage_start_time\n1,2,2024-09-01 00:00:00 UTC\n");

        var error = Assert.Throws<InputFormatException>(() => BillingCsvParser.Parse(reader, "gcp.csv").ToList());

        Assert.Contains("missing GCP billing export column(s) currency, usage_end_time", error.Message, StringComparison.Ordinal);
    }
}
