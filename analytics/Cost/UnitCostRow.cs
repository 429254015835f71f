namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// A service's cost in one currency and its requests over the same window; cost per 1,000 requests (billed and
/// effective) is null — unknown, not 0 — when the service has no request metrics or counted no request.
/// </summary>
public sealed record UnitCostRow(
    string Service,
    string Currency,
    decimal BilledCost,
    decimal EffectiveCost,
    double? Requests,
    decimal? BilledPer1000Requests,
    decimal? EffectivePer1000Requests)
{
    /// <summary>cost / requests · 1000, or null when requests are unknown or not positive.</summary>
    public static decimal? Per1000(decimal cost, double? requests) =>
        requests is { } r && r >= 1 && double.IsFinite(r) ? cost * 1000m / (decimal)r : null;
}
