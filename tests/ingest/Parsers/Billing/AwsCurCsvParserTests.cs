using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

public sealed class AwsCurCsvParserTests
{
    internal const string LegacyHeader =
        "bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,"
        + "lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/ResourceId,"
        + "product/ProductName,product/region,pricing/publicOnDemandCost,reservation/EffectiveCost,reservation/UnusedAmortizedUpfrontFeeForBillingPeriod,"
        + "reservation/UnusedRecurringFee,savingsPlan/SavingsPlanEffectiveCost,savingsPlan/TotalCommitmentToDate,savingsPlan/UsedCommitment,"
        + "resourceTags/user:team,resourceTags/user:env,resourceTags/aws:createdBy";

    private const string Cur2Header =
        "bill_payer_account_id,bill_billing_period_start_date,bill_billing_period_end_date,line_item_usage_account_id,line_item_line_item_type,"
        + "line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_currency_code,line_item_unblended_cost,"
        + "line_item_resource_id,product_region_code,pricing_public_on_demand_cost,savings_plan_savings_plan_effective_cost,resource_tags,resource_tags_user_app";

    internal static string LegacyRow(string type, string cost, string more = ",,,,,,,,,") =>
        $"111,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,222,{type},2024-03-05T10:00:00Z,2024-03-05T11:00:00Z,AmazonEC2,USD,{cost},i-1,"
        + $"Amazon Elastic Compute Cloud,us-east-1,{more}";

    [Fact]
    public void Legacy_row_maps_onto_focus_with_tags_and_x_prefixed_extras()
    {
        var item = Single($"{LegacyHeader}\n{LegacyRow("Usage", "1.25", "2.50,,,,,,,payments,prod,alice")}\n");

        Assert.Equal((1.25m, 1.25m, 2.50m), (item.BilledCost, item.EffectiveCost, item.ListCost));
        Assert.Equal(("Usage", "AWS", "USD"), (item.ChargeCategory, item.ProviderName, item.BillingCurrency));
        Assert.Equal(("111", "222", "i-1", "us-east-1"), (item.BillingAccountId, item.SubAccountId, item.ResourceId, item.RegionId));
        Assert.Equal("Amazon Elastic Compute Cloud", item.ServiceName);
        Assert.Equal(new DateTime(2024, 3, 5, 10, 0, 0, DateTimeKind.Utc), item.ChargePeriodStart);
        Assert.Equal(new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc), item.BillingPeriodEnd);
        Assert.Equal("""{"team":"payments","env":"prod"}""", item.TagsJson);
        Assert.Equal("Usage", item.Extra!["x_lineItem/LineItemType"]);
        Assert.Equal("alice", item.Extra!["x_resourceTags/aws:createdBy"]);
        Assert.False(item.Extra.ContainsKey("x_resourceTags/user:team"));
    }

    [Theory]
    [InlineData("Credit", "-3.10", "Credit", "-3.10")]
    [InlineData("Refund", "-1", "Credit", "-1")]
    [InlineData("EdpDiscount", "-0.5", "Credit", "-0.5")]
    [InlineData("Tax", "0.7", "Tax", "0.7")]
    [InlineData("Fee", "100", "Purchase", "100")]
    [InlineData("SavingsPlanNegation", "-0.9", "Credit", "0")]
    [InlineData("SavingsPlanUpfrontFee", "500", "Purchase", "0")]
    [InlineData("SomethingNew", "2", "Adjustment", "2")]
    public void Line_item_types_map_to_charge_category_and_effective_cost(string type, string cost, string category, string effective)
    {
        var item = Single($"{LegacyHeader}\n{LegacyRow(type, cost)}\n");

        Assert.Equal(category, item.ChargeCategory);
        Assert.Equal(Dec(cost), item.BilledCost);
        Assert.Equal(Dec(effective), item.EffectiveCost);
    }

    [Fact]
    public void Commitment_rows_take_their_amortized_effective_cost()
    {
        var csv = $"{LegacyHeader}\n"
            + LegacyRow("DiscountedUsage", "0", ",0.04,,,,,,,,") + "\n"
            + LegacyRow("RIFee", "30", ",,1.5,2.25,,,,,,") + "\n"
            + LegacyRow("SavingsPlanCoveredUsage", "0.10", ",,,,0.06,,,,,") + "\n"
            + LegacyRow("SavingsPlanRecurringFee", "24", ",,,,,24,20.5,,,") + "\n";

        var items = Parse(csv).Select(r => r.Value!).ToList();

        Assert.Equal([0.04m, 3.75m, 0.06m, 3.5m], items.Select(i => i.EffectiveCost));
        Assert.Equal(["Usage", "Purchase", "Usage", "Purchase"], items.Select(i => i.ChargeCategory!));
        Assert.Equal("Used", items[0].CommitmentDiscountStatus);
    }

    [Fact]
    public void Cur2_snake_case_file_is_detected_and_mapped_with_map_and_column_tags()
    {
        var csv = Cur2Header + "\n"
            + "111,2024-03-01 00:00:00.000,2024-04-01 00:00:00.000,222,SavingsPlanCoveredUsage,2024-03-05 10:00:00.000,2024-03-05 11:00:00.000,"
            + "AmazonEC2,USD,0.20,i-9,eu-west-1,0.30,0.12,\"{\"\"user_team\"\":\"\"search\"\",\"\"user_env\"\":\"\"dev\"\"}\",web\n";

        var item = Single(csv);

        Assert.Equal((0.20m, 0.12m, 0.30m), (item.BilledCost, item.EffectiveCost, item.ListCost));
        Assert.Equal(("111", "222", "eu-west-1", "AmazonEC2"), (item.BillingAccountId, item.SubAccountId, item.RegionId, item.ServiceName));
        Assert.Equal("""{"team":"search","env":"dev","app":"web"}""", item.TagsJson);
        Assert.Equal("SavingsPlanCoveredUsage", item.Extra!["x_line_item_line_item_type"]);
        Assert.Equal(BillingFormat.AwsCur2, BillingFormatDetector.Detect(Cur2Header.Split(','), "cur2.csv"));
    }

    [Fact]
    public void Missing_cost_column_names_it()
    {
        var header = LegacyHeader.Replace("lineItem/UnblendedCost,", "", StringComparison.Ordinal);

        var error = Assert.Throws<InputFormatException>(() => Parse(header + "\n").ToList());

        Assert.Contains("lineItem/UnblendedCost", error.Reason, StringComparison.Ordinal);
        var snake = Assert.Throws<InputFormatException>(() => Parse(Cur2Header.Replace("line_item_unblended_cost,", "", StringComparison.Ordinal) + "\n").ToList());
        Assert.Contains("line_item_unblended_cost", snake.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_cost_is_a_row_error_naming_the_column_and_parsing_goes_on()
    {
        var records = Parse($"{LegacyHeader}\n{LegacyRow("Usage", "abc")}\n{LegacyRow("Usage", "1")}\n").ToList();

        Assert.Equal("cur.csv:2: lineItem/UnblendedCost is not a number: 'abc'", records[0].Error!.ToString());
        Assert.Equal(1m, records[1].Value!.BilledCost);
    }

    [Fact]
    public void Azure_file_is_refused_by_the_aws_parser()
    {
        Assert.Throws<InputFormatException>(() => AwsCurCsvParser.Parse(new StringReader("Date,Cost,BillingCurrency\n"), "x.csv").ToList());
    }

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<ParsedRecord<FocusLineItem>> Parse(string csv) => AwsCurCsvParser.Parse(new StringReader(csv), "cur.csv");

    private static FocusLineItem Single(string csv)
    {
        var record = Assert.Single(Parse(csv));
        Assert.Null(record.Error);
        return record.Value!;
    }
}
