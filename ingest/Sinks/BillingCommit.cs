namespace Platform.Insights.Ingest.Sinks;

/// <summary>What one committed billing import added: rows and cost per currency.</summary>
[GenerateSerializer, Immutable]
public sealed record BillingCommit(
    [property: Id(0)] long Rows,
    [property: Id(1)] IReadOnlyDictionary<string, decimal> BilledCostByCurrency);
