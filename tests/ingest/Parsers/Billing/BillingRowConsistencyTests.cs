using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

public sealed class BillingRowConsistencyTests
{
    private static readonly DateTime September = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ParsedRecord<FocusLineItem> Row(long line, string account = "a-1", string currency = "USD", DateTime? start = null,
        string category = "Usage", string? chargeClass = null) =>
        ParsedRecord<FocusLineItem>.Ok(new FocusLineItem
        {
            BillingAccountId = account,
            BillingCurrency = currency,
            BillingPeriodStart = September,
            BillingPeriodEnd = September.AddMonths(1),
            ChargePeriodStart = start ?? September.AddDays(3),
            ChargePeriodEnd = (start ?? September.AddDays(3)).AddHours(1),
            ChargeCategory = category,
            ChargeClass = chargeClass,
            SourceLine = line,
        }, line);

    [Fact]
    public void A_charge_outside_its_billing_period_is_rejected_naming_line_and_column()
    {
        var check = new BillingRowConsistency("cur.csv");

        var result = check.Check(Row(7, start: September.AddMonths(1)));

        Assert.Equal(
            "cur.csv:7: column ChargePeriodStart: 2024-10-01 00:00:00 is outside the billing period [2024-09-01 00:00:00, 2024-10-01 00:00:00) (only late usage of up to 7 days, a correction, a credit or an adjustment may be)",
            result.Error!.ToString());
    }

    [Fact]
    public void Late_usage_from_the_days_before_the_billing_period_is_accepted_but_not_older_usage()
    {
        var check = new BillingRowConsistency("focus.csv");

        Assert.False(check.Check(Row(2, start: September.AddHours(-2))).IsError);
        Assert.False(check.Check(Row(3, start: September.AddDays(-7))).IsError);
        Assert.True(check.Check(Row(4, start: September.AddDays(-7).AddSeconds(-1))).IsError);
    }

    [Theory]
    [InlineData("Usage", "Correction")]
    [InlineData("Credit", null)]
    [InlineData("Adjustment", null)]
    public void Corrections_credits_and_adjustments_may_refer_to_an_earlier_period(string category, string? chargeClass)
    {
        var check = new BillingRowConsistency("focus.csv");

        Assert.False(check.Check(Row(2, start: September.AddDays(-20), category: category, chargeClass: chargeClass)).IsError);
    }

    [Fact]
    public void A_second_currency_in_one_account_is_rejected_naming_the_first()
    {
        var check = new BillingRowConsistency("azure.csv");

        Assert.False(check.Check(Row(2)).IsError);
        Assert.False(check.Check(Row(3, account: "a-2", currency: "EUR")).IsError);
        var mixed = check.Check(Row(4, currency: "EUR"));

        Assert.Equal("azure.csv:4: column BillingCurrency: EUR, but billing account 'a-1' is billed in USD (line 2); currencies are never mixed within one account",
            mixed.Error!.ToString());
        Assert.False(check.Check(Row(5)).IsError);
    }

    [Fact]
    public void Periods_that_run_backwards_are_rejected()
    {
        var check = new BillingRowConsistency("f.csv");
        var backwards = Row(9);
        backwards.Value!.ChargePeriodEnd = backwards.Value.ChargePeriodStart.AddHours(-1);

        Assert.Contains("column ChargePeriodEnd", check.Check(backwards).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_from_the_parser_pass_through_unchanged()
    {
        var error = ParsedRecord<FocusLineItem>.Fail(new ParseError("f.csv", 3, "column BilledCost: 'x' is not a number"));

        Assert.Equal(error, new BillingRowConsistency("f.csv").Check(error));
    }
}
