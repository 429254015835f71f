using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

public sealed class AzureCostCsvParserTests
{
    private const string Header = "\uFEFFSubscriptionGuid,Date,MeterCategory,ResourceLocation,ChargeType,PricingModel,Cost,BillingCurrency,Tags,ReservationId,Quantity,PayGPrice";

    [Fact]
    public void Legacy_row_without_billing_period_uses_the_month_and_wraps_tags()
    {
        var item = Single($"{Header}\nsub-1,02/29/2024,Storage,westeurope,Usage,OnDemand,1.5,EUR,\"\"\"env\"\": \"\"prod\"\",\"\"team\"\":\"\"x\"\"\",,3,0.75\n");

        Assert.Equal((1.5m, 1.5m, 2.25m), (item.BilledCost, item.EffectiveCost, item.ListCost));
        Assert.Equal(("sub-1", "Storage", "westeurope", "EUR"), (item.SubAccountId, item.ServiceName, item.RegionId, item.BillingCurrency));
        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc), item.ChargePeriodStart);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), item.ChargePeriodEnd);
        Assert.Equal(new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), item.BillingPeriodStart);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), item.BillingPeriodEnd);
        Assert.Equal("""{"env":"prod","team":"x"}""", item.TagsJson);
        Assert.Equal("Microsoft", item.ProviderName);
        Assert.Equal("Usage", item.Extra!["x_ChargeType"]);
    }

    [Theory]
    [InlineData("Refund", "-12.5", "Credit", null)]
    [InlineData("Purchase", "100", "Purchase", null)]
    [InlineData("Tax", "1", "Tax", null)]
    [InlineData("UnusedReservation", "4", "Usage", "Unused")]
    [InlineData("Usage", "4", "Usage", "Used")]
    [InlineData("Adjustment", "-1", "Adjustment", null)]
    public void Charge_types_map_and_credits_stay_negative(string chargeType, string cost, string category, string? status)
    {
        var item = Single($"{Header}\nsub-1,9/1/2024,VM,eastus,{chargeType},Reservation,{cost},USD,,ri-1,,\n");

        Assert.Equal(category, item.ChargeCategory);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), item.BilledCost);
        Assert.Equal(status, item.CommitmentDiscountStatus);
        Assert.Equal("ri-1", item.CommitmentDiscountId);
    }

    [Fact]
    public void Missing_cost_column_names_it()
    {
        var error = Assert.Throws<InputFormatException>(() =>
            AzureCostCsvParser.Parse(new StringReader("SubscriptionGuid,Date,MeterCategory,BillingCurrency\n"), "az.csv").ToList());

        Assert.Contains("Cost", error.Reason, StringComparison.Ordinal);
        var mca = Assert.Throws<InputFormatException>(() =>
            AzureCostCsvParser.Parse(new StringReader("date,costInBillingCurrency,meterCategory\n"), "mca.csv").ToList());
        Assert.Contains("BillingCurrencyCode", mca.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_date_is_a_row_error_naming_the_column()
    {
        var record = Assert.Single(AzureCostCsvParser.Parse(new StringReader($"{Header}\nsub-1,31/12/2024,VM,eastus,Usage,OnDemand,1,USD,,,,\n"), "az.csv"));

        Assert.Equal("az.csv:2: Date is not a date: '31/12/2024'", record.Error!.ToString());
    }

    private static FocusLineItem Single(string csv)
    {
        var record = Assert.Single(AzureCostCsvParser.Parse(new StringReader(csv), "az.csv"));
        Assert.Null(record.Error);
        return record.Value!;
    }
}
