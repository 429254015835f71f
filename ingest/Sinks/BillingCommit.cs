namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// What one committed billing delivery added (rows and BilledCost per currency) and what it restated: rows of
/// earlier deliveries for the same provider, billing account and billing period that it replaced.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BillingCommit(
    [property: Id(0)] long Rows,
    [property: Id(1)] IReadOnlyDictionary<string, decimal> BilledCostByCurrency,
    [property: Id(2)] long ReplacedRows = 0,
    [property: Id(3)] IReadOnlyList<BillingPeriodKey>? ReplacedPeriods = null);
