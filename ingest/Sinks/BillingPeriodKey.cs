namespace Platform.Insights.Ingest.Sinks;

/// <summary>What a restatement replaces: one provider's billing account for one billing period.</summary>
[GenerateSerializer, Immutable]
public sealed record BillingPeriodKey(
    [property: Id(0)] string? ProviderName,
    [property: Id(1)] string? BillingAccountId,
    [property: Id(2)] DateTime BillingPeriodStart);
