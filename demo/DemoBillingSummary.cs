namespace Platform.Insights.Demo;

/// <summary>Exact totals over every billing file.</summary>
/// <param name="UntaggedEffectiveCost">EffectiveCost of rows whose Tags is NULL (unallocated spend).</param>
public sealed record DemoBillingSummary(
    long Rows,
    decimal BilledCost,
    decimal EffectiveCost,
    decimal UntaggedEffectiveCost,
    string Currency);
