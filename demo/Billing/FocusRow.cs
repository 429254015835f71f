namespace Platform.Insights.Demo.Billing;

/// <summary>One FOCUS 1.0 cost and usage row; null properties are written as the bare token NULL.</summary>
internal sealed class FocusRow
{
    public required DateTime BillingPeriodStart { get; init; }
    public required DateTime BillingPeriodEnd { get; init; }
    public required DateTime ChargePeriodStart { get; init; }
    public required DateTime ChargePeriodEnd { get; init; }
    public required string SubAccountId { get; init; }
    public required string SubAccountName { get; init; }
    public string ChargeCategory { get; init; } = "Usage";
    public string ChargeFrequency { get; init; } = "Usage-Based";
    public required string ChargeDescription { get; init; }
    public required decimal BilledCost { get; init; }
    public required decimal EffectiveCost { get; init; }
    public required decimal ListCost { get; init; }
    public required decimal ContractedCost { get; init; }
    public decimal? ListUnitPrice { get; init; }
    public decimal? ContractedUnitPrice { get; init; }
    public decimal? PricingQuantity { get; init; }
    public string? PricingUnit { get; init; }
    public decimal? ConsumedQuantity { get; init; }
    public string? ConsumedUnit { get; init; }
    public string PricingCategory { get; init; } = "Standard";
    public string? CommitmentDiscountCategory { get; init; }
    public string? CommitmentDiscountId { get; init; }
    public string? CommitmentDiscountName { get; init; }
    public string? CommitmentDiscountStatus { get; init; }
    public string? CommitmentDiscountType { get; init; }
    public required string RegionId { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? ResourceType { get; init; }
    public required string ServiceName { get; init; }
    public required string ServiceCategory { get; init; }
    public string? SkuId { get; init; }
    public string? SkuPriceId { get; init; }

    /// <summary>FOCUS Tags as JSON object text, or null for untagged (unallocated) spend.</summary>
    public string? Tags { get; init; }
}
