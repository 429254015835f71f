using System.Globalization;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Billing;

/// <summary>
/// FOCUS 1.0 CSV in the style of the FOCUS sample data: every FOCUS 1.0 column in the sample's order,
/// strings quoted, numbers bare with 10 decimals, NULL bare, timestamps <c>yyyy-MM-dd HH:mm:ss</c> UTC.
/// </summary>
internal static class FocusCsv
{
    public const string Provider = "AWS";
    public const string Publisher = "Amazon Web Services, Inc.";
    public const string BillingAccountId = "999988887777";
    public const string BillingAccountName = "Acme Corp";
    public const string Currency = "USD";

    public static readonly string[] Columns =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
        "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
        "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
        "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
        "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost",
        "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit",
        "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
        "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
    ];

    public static void WriteHeader(LineBuffer buffer)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (i > 0)
            {
                buffer.Append((byte)',');
            }
            Text(buffer, Columns[i]);
        }
        buffer.EndLine();
    }

    public static void WriteRow(LineBuffer b, FocusRow row)
    {
        Text(b, row.AvailabilityZone); Comma(b);
        Number(b, row.BilledCost); Comma(b);
        Text(b, BillingAccountId); Comma(b);
        Text(b, BillingAccountName); Comma(b);
        Text(b, Currency); Comma(b);
        Time(b, row.BillingPeriodEnd); Comma(b);
        Time(b, row.BillingPeriodStart); Comma(b);
        Text(b, row.ChargeCategory); Comma(b);
        Text(b, null); Comma(b); // ChargeClass: no corrections
        Text(b, row.ChargeDescription); Comma(b);
        Text(b, row.ChargeFrequency); Comma(b);
        Time(b, row.ChargePeriodEnd); Comma(b);
        Time(b, row.ChargePeriodStart); Comma(b);
        Text(b, row.CommitmentDiscountCategory); Comma(b);
        Text(b, row.CommitmentDiscountId); Comma(b);
        Text(b, row.CommitmentDiscountName); Comma(b);
        Text(b, row.CommitmentDiscountStatus); Comma(b);
        Text(b, row.CommitmentDiscountType); Comma(b);
        Number(b, row.ConsumedQuantity); Comma(b);
        Text(b, row.ConsumedUnit); Comma(b);
        Number(b, row.ContractedCost); Comma(b);
        Number(b, row.ContractedUnitPrice); Comma(b);
        Number(b, row.EffectiveCost); Comma(b);
        Text(b, Publisher); Comma(b);
        Number(b, row.ListCost); Comma(b);
        Number(b, row.ListUnitPrice); Comma(b);
        Text(b, row.PricingCategory); Comma(b);
        Number(b, row.PricingQuantity); Comma(b);
        Text(b, row.PricingUnit); Comma(b);
        Text(b, Provider); Comma(b);
        Text(b, Publisher); Comma(b);
        Text(b, row.RegionId); Comma(b);
        Text(b, PriceBook.RegionName(row.RegionId)); Comma(b);
        Text(b, row.ResourceId); Comma(b);
        Text(b, row.ResourceName); Comma(b);
        Text(b, row.ResourceType); Comma(b);
        Text(b, row.ServiceCategory); Comma(b);
        Text(b, row.ServiceName); Comma(b);
        Text(b, row.SkuId); Comma(b);
        Text(b, row.SkuPriceId); Comma(b);
        Text(b, row.SubAccountId); Comma(b);
        Text(b, row.SubAccountName); Comma(b);
        Text(b, row.Tags);
        b.EndLine();
    }

    private static void Comma(LineBuffer b) => b.Append((byte)',');

    private static void Text(LineBuffer b, string? value)
    {
        if (value is null)
        {
            b.Append("NULL"u8);
            return;
        }
        b.Append((byte)'"');
        b.Append(value.Contains('"', StringComparison.Ordinal) ? value.Replace("\"", "\"\"", StringComparison.Ordinal) : value);
        b.Append((byte)'"');
    }

    private static void Number(LineBuffer b, decimal? value)
    {
        if (value is null)
        {
            b.Append("NULL"u8);
            return;
        }
        b.Append(value.Value, "0.0000000000");
    }

    private static void Time(LineBuffer b, DateTime value)
    {
        b.Append((byte)'"');
        b.Append(value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        b.Append((byte)'"');
    }
}
