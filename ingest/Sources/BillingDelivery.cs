using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The billing files of one <c>insights import billing</c> run are one delivery (a provider's export of a period is often
/// several files, e.g. the parts of an AWS CUR). Each file is parsed through <see cref="FocusCsvFileSource"/> and its
/// rows written once, into the delivery's own transaction (<see cref="IBillingSink.OpenDelivery"/>); when all are
/// written, the delivery commits as a restatement of the periods it covers (<see cref="IBillingDeliveryWriter.CommitAsync"/>).
/// If any file fails, the transaction is rolled back: nothing of the delivery is stored and the rows stored before stay
/// exactly as they were.
/// </summary>
public sealed class BillingDelivery(FocusCsvFileSource source, IGrainFactory grains, IBillingSink billing)
{
    public async Task<BillingDeliveryResult> ImportAsync(
        IReadOnlyList<string> files, FileImportOptions options, Action<ImportSummary>? onFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        source.Format = options.BillingFormat;
        // Disposed without a commit (a failed file, an exception, a cancellation), the delivery's rows are rolled back.
        await using var writer = billing.OpenDelivery(options.DeliveryName);
        source.Delivery = writer;
        var staged = new List<ImportSummary>();
        var summaries = new List<ImportSummary>();
        try
        {
            foreach (var file in files)
            {
                var summary = await source.ImportAsync(file, options with { StageOnly = true }, cancellationToken);
                if (summary.Outcome == ImportOutcome.Busy && staged.Any(s => s.ImportId == summary.ImportId))
                {
                    summary = summary with
                    {
                        Outcome = ImportOutcome.AlreadyImported,
                        Message = $"same content as {staged.First(s => s.ImportId == summary.ImportId).File} in this delivery; nothing stored twice",
                    };
                }
                if (summary.Outcome == ImportOutcome.Imported)
                {
                    staged.Add(summary);
                }
                summaries.Add(summary);
                onFile?.Invoke(summary);
                if (summary.Outcome is ImportOutcome.Failed or ImportOutcome.RejectedStrict or ImportOutcome.Busy)
                {
                    await AbortAsync(staged, summary.File, cancellationToken);
                    return new BillingDeliveryResult(Discarded(summaries, summary), null,
                        $"{summary.File} was not imported, so nothing of this delivery was stored; the rows stored before are unchanged");
                }
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            await AbortAsync(staged, failure.Message, CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException)
        {
            await AbortAsync(staged, "cancelled", CancellationToken.None);
            throw;
        }

        if (staged.Count == 0)
        {
            return new BillingDeliveryResult(summaries, null, null);
        }
        var delivery = summaries.Where(s => s.Outcome == ImportOutcome.AlreadyImported).Select(s => s.ImportId).ToList();
        var commit = await writer.CommitAsync([.. staged.Select(s => s.ImportId)], delivery, cancellationToken);
        foreach (var summary in staged)
        {
            await grains.GetGrain<IImportGrain>(summary.ImportId).CommittedAsync(cancellationToken);
        }
        return new BillingDeliveryResult(summaries, commit, null);
    }

    private async Task AbortAsync(List<ImportSummary> staged, string cause, CancellationToken cancellationToken)
    {
        foreach (var summary in staged)
        {
            var counts = new ImportCounts(summary.Read, 0, 0, summary.Rejected);
            await grains.GetGrain<IImportGrain>(summary.ImportId).FailAsync(counts, $"delivery not committed: {cause}", cancellationToken);
        }
    }

    // The other files share the failed file's cause: when that was its content (a cut gzip), the delivery failed on bad input.
    private static List<ImportSummary> Discarded(List<ImportSummary> summaries, ImportSummary failed) =>
    [
        .. summaries.Select(s => s.Outcome == ImportOutcome.Imported
            ? s with { Outcome = ImportOutcome.Failed, Stored = 0, Message = $"not stored: {failed.File} of the same delivery failed", InputAtFault = failed.InputAtFault }
            : s),
    ];
}
