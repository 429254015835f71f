namespace Platform.Insights.Demo;

/// <summary>How a resource's usage is priced in the billing files (FOCUS PricingCategory).</summary>
public enum DemoPricingModel
{
    /// <summary>PricingCategory Standard.</summary>
    OnDemand,

    /// <summary>Covered by the Savings Plan: PricingCategory Committed, BilledCost 0.</summary>
    Committed,

    /// <summary>Spot capacity: PricingCategory Dynamic.</summary>
    Spot,
}
