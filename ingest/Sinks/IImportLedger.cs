namespace Platform.Insights.Ingest.Sinks;

/// <summary>The queryable record of every file import (the <c>imports</c> table).</summary>
public interface IImportLedger
{
    Task RecordAsync(ImportRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a file content (its import id, the content hash) before it is imported. One process needs no more than
    /// the import grain's own state, so the default claims; a cluster's ledger is shared by every silo and lets one of
    /// them import a content that several are given at once. The claim ends with the <see cref="RecordAsync"/> of the
    /// import's final status.
    /// </summary>
    Task<ImportClaim> ClaimAsync(string importId, string kind, string path, long bytes, CancellationToken cancellationToken) =>
        Task.FromResult(ImportClaim.Claimed);
}
