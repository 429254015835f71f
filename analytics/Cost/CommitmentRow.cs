namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Commitment discount KPIs of one currency (see <c>Cost/commitment_discounts.sql</c> for the definitions):
/// coverage of eligible usage (ListCost), utilisation of what was purchased (EffectiveCost used vs unused) and
/// the spot share of compute; each ratio is a fraction, null when there was nothing to measure.
/// </summary>
public sealed record CommitmentRow(
    string Currency,
    decimal CoveredCost,
    decimal EligibleCost,
    double? Coverage,
    decimal UsedCost,
    decimal UnusedCost,
    double? Utilisation,
    decimal SpotCost,
    decimal ComputeCost,
    double? SpotShare)
{
    /// <summary>part / whole, or null when whole is 0.</summary>
    public static double? Share(decimal part, decimal whole) => whole != 0 ? (double)(part / whole) : null;
}
