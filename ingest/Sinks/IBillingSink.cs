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

    Task<BillingCommit> CommitAsync(string importId, CancellationToken cancellationToken);

    Task AbortAsync(string importId, CancellationToken cancellationToken);
}
