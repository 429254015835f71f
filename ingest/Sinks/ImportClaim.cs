namespace Platform.Insights.Ingest.Sinks;

/// <summary>The answer to <see cref="IImportLedger.ClaimAsync"/>, with the ledger's row when the content is imported or busy.</summary>
public sealed record ImportClaim(ImportClaimOutcome Outcome, ImportRecord? Existing)
{
    public static ImportClaim Claimed { get; } = new(ImportClaimOutcome.Claimed, null);
}
