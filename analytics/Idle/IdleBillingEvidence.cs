namespace Platform.Insights.Analytics.Idle;

/// <summary>The FOCUS billing rows a finding's savings were computed from (by resource id).</summary>
/// <param name="ChargePeriodStart">First charge period used.</param>
/// <param name="ChargePeriodEnd">End of the last charge period used.</param>
/// <param name="Rows">Number of FOCUS line items matched.</param>
/// <param name="EffectiveCost">Sum of their <c>EffectiveCost</c> over the period.</param>
/// <param name="Currency">FOCUS <c>BillingCurrency</c>.</param>
public sealed record IdleBillingEvidence(DateTime ChargePeriodStart, DateTime ChargePeriodEnd, long Rows, decimal EffectiveCost, string Currency);
