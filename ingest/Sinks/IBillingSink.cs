using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// Billing rows are staged per import and become visible in one transaction at <see cref="CommitAsync"/>,
/// so a failed or killed import leaves the stored totals exactly as they were.
/// </summary>
public interface IBillingSink
{
    Task BeginAsync(string importId, CancellationToken cancellationToken);

    Task StageAsync(string importId, IReadOnlyList<FocusLineItem> rows, CancellationToken cancellationToken);

    /// <summary>Commits one import as a delivery of its own (<see cref="CommitDeliveryAsync"/>).</summary>
    Task<BillingCommit> CommitAsync(string importId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the staged imports of one delivery in one transaction, as a restatement: stored rows of the same
    /// provider, billing account and billing period as any staged row are replaced, except the rows of
    /// <paramref name="deliveryImportIds"/> (the delivery's files, including those imported before, unchanged).
    /// </summary>
    Task<BillingCommit> CommitDeliveryAsync(IReadOnlyList<string> stagedImportIds, IReadOnlyList<string> deliveryImportIds, CancellationToken cancellationToken);

    Task AbortAsync(string importId, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a delivery that writes its rows once, inside its own transaction, instead of staging them and copying them
    /// at commit (<see cref="IBillingDeliveryWriter"/>); <c>insights import billing</c> imports through one.
    /// <paramref name="deliveryName"/> (<c>--delivery</c>) names the provider's delivery the files are parts of: parts
    /// committed under the same name, in other runs or on other silos, add up instead of restating each other. Null:
    /// the files of this run are a delivery of their own.
    /// </summary>
    IBillingDeliveryWriter OpenDelivery(string? deliveryName = null);
}
