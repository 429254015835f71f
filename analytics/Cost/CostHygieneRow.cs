namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// One account's allocation hygiene in one currency: its cost, the unallocated part and share, and tag coverage
/// (the share of cost whose rows carry an allocation-relevant tag); shares are fractions, null when the cost is 0.
/// </summary>
public sealed record CostHygieneRow(
    string Account,
    string? AccountName,
    string Currency,
    decimal Cost,
    decimal UnallocatedCost,
    double? UnallocatedShare,
    decimal TaggedCost,
    double? TagCoverage);
