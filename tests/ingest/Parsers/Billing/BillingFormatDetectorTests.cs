using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

public sealed class BillingFormatDetectorTests
{
    [Theory]
    [InlineData("BilledCost,ChargePeriodStart,ProviderName", BillingFormat.Focus)]
    [InlineData("identity/LineItemId,lineItem/LineItemType", BillingFormat.AwsCurLegacy)]
    [InlineData("identity_line_item_id,line_item_unblended_cost", BillingFormat.AwsCur2)]
    [InlineData("date,costInBillingCurrency,billingCurrency", BillingFormat.AzureCostInBillingCurrency)]
    [InlineData("SubscriptionGuid,UsageDateTime,MeterCategory,Cost", BillingFormat.AzureEaLegacy)]
    public void Headers_are_recognised(string header, BillingFormat expected) =>
        Assert.Equal(expected, BillingFormatDetector.Detect(header.Split(','), "f.csv"));

    [Fact]
    public void Unknown_header_lists_the_supported_formats_and_the_first_columns()
    {
        var header = Enumerable.Range(1, 14).Select(i => $"col{i}").ToList();

        var error = Assert.Throws<InputFormatException>(() => BillingFormatDetector.Detect(header, "mystery.csv"));

        Assert.StartsWith("mystery.csv: unrecognised billing export", error.Message, StringComparison.Ordinal);
        foreach (var format in new[] { "FOCUS", "AWS legacy CUR", "AWS CUR 2.0", "Azure EA legacy", "CostInBillingCurrency" })
        {
            Assert.Contains(format, error.Reason, StringComparison.Ordinal);
        }
        Assert.Contains("col1,col2,col3,col4,col5,col6,col7,col8,col9,col10,... (14 columns)", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("col11", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Billing_parser_raises_the_listing_error_when_enumerated()
    {
        var rows = BillingCsvParser.Parse(new StringReader("a,b,c\n1,2,3\n"), "x.csv");

        var error = Assert.Throws<InputFormatException>(() => rows.ToList());
        Assert.Contains("a,b,c", error.Reason, StringComparison.Ordinal);
    }
}
