using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>One FOCUS column that maps onto a <see cref="FocusLineItem"/> property, with its setter.</summary>
internal sealed record FocusColumn(
    string Name,
    FocusColumnKind Kind,
    Action<FocusLineItem, string?>? SetText = null,
    Action<FocusLineItem, decimal?>? SetNumber = null,
    Action<FocusLineItem, DateTime>? SetTime = null)
{
    /// <summary>Columns the parser refuses to work without (FOCUS 1.0 mandatory columns the KPIs read).</summary>
    public static readonly string[] Mandatory =
    [
        "BilledCost", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
        "ChargePeriodEnd", "EffectiveCost", "ChargeCategory", "ProviderName", "ServiceName", "BillingAccountId",
    ];

    /// <summary>FOCUS 1.2+ name of ProviderName; used for it when a file has no ProviderName column.</summary>
    public const string ServiceProviderName = "ServiceProviderName";

    public static readonly IReadOnlyDictionary<string, FocusColumn> Known = new FocusColumn[]
    {
        Required("BilledCost", static (r, v) => r.BilledCost = v!.Value),
        Required("EffectiveCost", static (r, v) => r.EffectiveCost = v!.Value),
        Money("ListCost", static (r, v) => r.ListCost = v ?? 0),
        Money("ContractedCost", static (r, v) => r.ContractedCost = v ?? 0),
        new("BillingCurrency", FocusColumnKind.RequiredText, SetText: static (r, v) => r.BillingCurrency = v!),
        Text("BillingAccountId", static (r, v) => r.BillingAccountId = v),
        Text("BillingAccountName", static (r, v) => r.BillingAccountName = v),
        Text("SubAccountId", static (r, v) => r.SubAccountId = v),
        Text("SubAccountName", static (r, v) => r.SubAccountName = v),
        Time("BillingPeriodStart", static (r, v) => r.BillingPeriodStart = v),
        Time("BillingPeriodEnd", static (r, v) => r.BillingPeriodEnd = v),
        Time("ChargePeriodStart", static (r, v) => r.ChargePeriodStart = v),
        Time("ChargePeriodEnd", static (r, v) => r.ChargePeriodEnd = v),
        Text("ChargeCategory", static (r, v) => r.ChargeCategory = v),
        Text("ChargeClass", static (r, v) => r.ChargeClass = v),
        Text("ChargeDescription", static (r, v) => r.ChargeDescription = v),
        Text("ChargeFrequency", static (r, v) => r.ChargeFrequency = v),
        Text("PricingCategory", static (r, v) => r.PricingCategory = v),
        Number("PricingQuantity", static (r, v) => r.PricingQuantity = v),
        Text("PricingUnit", static (r, v) => r.PricingUnit = v),
        Number("ListUnitPrice", static (r, v) => r.ListUnitPrice = v),
        Number("ContractedUnitPrice", static (r, v) => r.ContractedUnitPrice = v),
        Number("ConsumedQuantity", static (r, v) => r.ConsumedQuantity = v),
        Text("ConsumedUnit", static (r, v) => r.ConsumedUnit = v),
        Text("CommitmentDiscountCategory", static (r, v) => r.CommitmentDiscountCategory = v),
        Text("CommitmentDiscountId", static (r, v) => r.CommitmentDiscountId = v),
        Text("CommitmentDiscountName", static (r, v) => r.CommitmentDiscountName = v),
        Text("CommitmentDiscountStatus", static (r, v) => r.CommitmentDiscountStatus = v),
        Text("CommitmentDiscountType", static (r, v) => r.CommitmentDiscountType = v),
        Text("ProviderName", static (r, v) => r.ProviderName = v),
        Text("PublisherName", static (r, v) => r.PublisherName = v),
        Text("InvoiceIssuerName", static (r, v) => r.InvoiceIssuerName = v),
        Text("ServiceCategory", static (r, v) => r.ServiceCategory = v),
        Text("ServiceName", static (r, v) => r.ServiceName = v),
        Text("SkuId", static (r, v) => r.SkuId = v),
        Text("SkuPriceId", static (r, v) => r.SkuPriceId = v),
        Text("ResourceId", static (r, v) => r.ResourceId = v),
        Text("ResourceName", static (r, v) => r.ResourceName = v),
        Text("ResourceType", static (r, v) => r.ResourceType = v),
        Text("RegionId", static (r, v) => r.RegionId = v),
        Text("RegionName", static (r, v) => r.RegionName = v),
        Text("AvailabilityZone", static (r, v) => r.AvailabilityZone = v),
        new("Tags", FocusColumnKind.Tags, SetText: static (r, v) => r.TagsJson = v),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    private static FocusColumn Text(string name, Action<FocusLineItem, string?> set) => new(name, FocusColumnKind.Text, SetText: set);

    private static FocusColumn Required(string name, Action<FocusLineItem, decimal?> set) => new(name, FocusColumnKind.RequiredMoney, SetNumber: set);

    private static FocusColumn Money(string name, Action<FocusLineItem, decimal?> set) => new(name, FocusColumnKind.Money, SetNumber: set);

    private static FocusColumn Number(string name, Action<FocusLineItem, decimal?> set) => new(name, FocusColumnKind.Number, SetNumber: set);

    private static FocusColumn Time(string name, Action<FocusLineItem, DateTime> set) => new(name, FocusColumnKind.Time, SetTime: set);
}
