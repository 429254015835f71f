namespace Platform.Insights.Demo.Billing;

/// <summary>What one resource is billed as: the FOCUS service/SKU columns and its on-demand unit price.</summary>
/// <param name="UnitsPerHour">Pricing units consumed per hour (1 instance, N vCPU) or, for volumes, GiB provisioned.</param>
internal sealed record PriceEntry(
    string ServiceName,
    string ServiceCategory,
    string ResourceType,
    string PricingUnit,
    decimal UnitPrice,
    decimal UnitsPerHour,
    string SkuId,
    string Description);
