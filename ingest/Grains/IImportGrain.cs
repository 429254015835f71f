using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Makes one file import happen once (key: SHA-256 of the file's content, so a renamed copy is the
/// same import). A second import of the same content is a no-op that says so.
/// </summary>
public interface IImportGrain : IGrainWithStringKey
{
    Task<ImportTicket> BeginAsync(ImportDescriptor descriptor, CancellationToken cancellationToken = default);

    /// <summary>Marks the import done; for billing, this is the commit that makes the staged rows visible.</summary>
    Task<ImportRecord> CompleteAsync(ImportCounts counts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Billing rows are all staged; the import waits for its delivery (<see cref="Sources.BillingDelivery"/>) to commit
    /// them with the other files of the delivery, then for <see cref="CommittedAsync"/>.
    /// </summary>
    Task<ImportRecord> StageAsync(ImportCounts counts, CancellationToken cancellationToken = default);

    /// <summary>The delivery holding this staged import committed: the import is done.</summary>
    Task<ImportRecord> CommittedAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the import failed; for billing, staged rows are discarded and stored totals are unchanged.</summary>
    Task<ImportRecord> FailAsync(ImportCounts counts, string reason, CancellationToken cancellationToken = default);

    Task<ImportRecord?> GetAsync(CancellationToken cancellationToken = default);
}
