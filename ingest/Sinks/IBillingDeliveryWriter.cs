using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// One billing delivery written once: its rows go straight into the stored table inside one open transaction, and
/// become visible to readers all at once when <see cref="CommitAsync"/> commits it as a restatement. Disposing it
/// without a commit rolls everything back, so a failed or killed delivery leaves the stored rows exactly as they were.
/// </summary>
public interface IBillingDeliveryWriter : IAsyncDisposable
{
    /// <summary>Adds rows of one file (<paramref name="importId"/>: its content hash) to the delivery.</summary>
    Task AppendAsync(string importId, IReadOnlyList<FocusLineItem> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the rows of <paramref name="stagedImportIds"/>, replacing stored rows of the same provider, billing
    /// account and billing period except those of <paramref name="deliveryImportIds"/> (the delivery's files, including
    /// those imported before, unchanged), as <see cref="IBillingSink.CommitDeliveryAsync"/> does.
    /// </summary>
    Task<BillingCommit> CommitAsync(IReadOnlyList<string> stagedImportIds, IReadOnlyList<string> deliveryImportIds, CancellationToken cancellationToken);
}
