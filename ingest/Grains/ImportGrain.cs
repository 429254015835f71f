using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// One import of one file content. "Running" is only trusted within this activation: after a crash
/// the next attempt takes over, and because billing rows are staged and committed at once, and
/// metric and log duplicates are dropped by the service grains and the store, the retry leaves exact totals.
/// </summary>
public sealed partial class ImportGrain(
    [PersistentState("import")] IPersistentState<ImportState> state,
    IBillingSink billing,
    IImportLedger ledger,
    TimeProvider time,
    ILogger<ImportGrain> logger) : Grain, IImportGrain
{
    /// <summary>How long an import may run between its calls to this grain.</summary>
    internal static readonly TimeSpan ImportLifetime = TimeSpan.FromDays(1);

    private bool _running;

    private string ImportId => this.GetPrimaryKeyString();

    public async Task<ImportTicket> BeginAsync(ImportDescriptor descriptor, CancellationToken cancellationToken = default)
    {
        var current = state.State.Current;
        if (current is { Status: ImportStatus.Done })
        {
            return new ImportTicket(ImportId, AlreadyImported: true, Busy: false, current);
        }
        if (_running)
        {
            return new ImportTicket(ImportId, AlreadyImported: false, Busy: true, current);
        }

        // A cluster's ledger is shared: the same content given to another silo (or another import process) at the
        // same time, or imported there before, is claimed only once.
        var claim = await ledger.ClaimAsync(ImportId, descriptor.Kind, descriptor.Path, descriptor.Bytes, cancellationToken);
        if (claim.Outcome != ImportClaimOutcome.Claimed)
        {
            return new ImportTicket(ImportId, AlreadyImported: claim.Outcome == ImportClaimOutcome.AlreadyImported,
                Busy: claim.Outcome == ImportClaimOutcome.Busy, claim.Existing ?? current);
        }
        if (current is { Status: ImportStatus.Running or ImportStatus.Staged })
        {
            LogTakeover(logger, ImportId, current.Path);
        }
        if (descriptor.Kind == ImportKinds.Billing)
        {
            await billing.BeginAsync(ImportId, cancellationToken);
        }
        _running = true;
        // "Running" lives in this activation only, and a large import calls the grain only at its start and end:
        // keep the activation alive until then, or Orleans' idle collection (15 min) would forget the import.
        DelayDeactivation(ImportLifetime);
        state.State.Attempts++;
        state.State.Current = new ImportRecord(ImportId, descriptor.Kind, descriptor.Path, descriptor.Bytes,
            time.GetUtcNow(), null, ImportStatus.Running, 0, 0, 0, 0);
        await state.WriteStateAsync(cancellationToken);
        return new ImportTicket(ImportId, AlreadyImported: false, Busy: false, null);
    }

    public async Task<ImportRecord> CompleteAsync(ImportCounts counts, CancellationToken cancellationToken = default)
    {
        var current = RequireRunning();
        if (current.Kind == ImportKinds.Billing)
        {
            await billing.CommitAsync(ImportId, cancellationToken);
        }
        return await FinishAsync(current, counts, ImportStatus.Done, cancellationToken);
    }

    public async Task<ImportRecord> StageAsync(ImportCounts counts, CancellationToken cancellationToken = default)
    {
        var current = RequireRunning();
        var record = WithCounts(current, counts) with { Status = ImportStatus.Staged };
        state.State.Current = record;
        await state.WriteStateAsync(cancellationToken);
        return record;
    }

    public async Task<ImportRecord> CommittedAsync(CancellationToken cancellationToken = default)
    {
        var current = RequireRunning();
        if (current.Status != ImportStatus.Staged)
        {
            throw new InvalidOperationException($"Import {ImportId} is not staged; only a staged import is committed by its delivery.");
        }
        var staged = new ImportCounts(current.Read, current.Stored, current.Duplicates, current.Rejected);
        return await FinishAsync(current, staged, ImportStatus.Done, cancellationToken);
    }

    public async Task<ImportRecord> FailAsync(ImportCounts counts, string reason, CancellationToken cancellationToken = default)
    {
        var current = RequireRunning();
        if (current.Kind == ImportKinds.Billing)
        {
            await billing.AbortAsync(ImportId, cancellationToken);
        }
        LogFailed(logger, ImportId, current.Path, reason);
        return await FinishAsync(current, counts, ImportStatus.Failed, cancellationToken);
    }

    public Task<ImportRecord?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Current);

    private ImportRecord RequireRunning() =>
        _running && state.State.Current is { Status: ImportStatus.Running or ImportStatus.Staged } current
            ? current
            : throw new InvalidOperationException($"Import {ImportId} is not running in this activation; call BeginAsync first.");

    private async Task<ImportRecord> FinishAsync(ImportRecord current, ImportCounts counts, string status, CancellationToken cancellationToken)
    {
        var record = WithCounts(current, counts) with { CompletedAt = time.GetUtcNow(), Status = status };
        await ledger.RecordAsync(record, cancellationToken);
        state.State.Current = record;
        await state.WriteStateAsync(cancellationToken);
        _running = false;
        DelayDeactivation(TimeSpan.FromTicks(-1)); // back to the regular idle collection
        return record;
    }

    private static ImportRecord WithCounts(ImportRecord current, ImportCounts counts) => current with
    {
        Read = counts.Read,
        Stored = counts.Stored,
        Duplicates = counts.Duplicates,
        Rejected = counts.Rejected,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} of {Path} was left running by an earlier process; this attempt takes over")]
    private static partial void LogTakeover(ILogger logger, string importId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} of {Path} failed and stored nothing new: {Reason}")]
    private static partial void LogFailed(ILogger logger, string importId, string path, string reason);
}
