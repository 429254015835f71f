using System.Diagnostics;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The one way a file gets imported, whatever its format: identify it by content hash, ask its
/// <see cref="IImportGrain"/> whether it may run, stream-parse it in batches (the next batch is parsed
/// while the previous one is stored), and close the import with its counts. Memory is bounded by two
/// batches, not by the file, and the garbage between collections by an <see cref="ImportHeapCeiling"/>.
/// </summary>
public abstract class FileSource<T>(IGrainFactory grains, IngestMeters meters)
    where T : class
{
    protected IGrainFactory Grains { get; } = grains;

    protected abstract string Kind { get; }

    protected virtual int BatchSize => 20_000;

    protected abstract IEnumerable<ParsedRecord<T>> Parse(TextReader reader, string fileName);

    /// <summary>
    /// Parses an opened file; by default its text through <see cref="Parse"/>. A source whose files may be binary
    /// (Parquet) overrides this and reads <see cref="TrackedFile.Stored"/>; progress follows the file's position either way.
    /// </summary>
    protected virtual IAsyncEnumerable<ParsedRecord<T>> ParseFileAsync(TrackedFile file, string fileName, CancellationToken cancellationToken) =>
        Parse(file.Reader, fileName).ToAsyncEnumerable();

    /// <summary>Stores one batch; returns what it came to.</summary>
    protected abstract Task<IngestResult> StoreBatchAsync(string importId, List<T> batch, CancellationToken cancellationToken);

    /// <summary>Called once all batches are stored, before the import is marked complete.</summary>
    protected virtual Task FinishAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ImportSummary> ImportAsync(string path, FileImportOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path);
        var importId = await ContentHash.OfFileAsync(fullPath, cancellationToken);
        var grain = Grains.GetGrain<IImportGrain>(importId);
        var ticket = await grain.BeginAsync(new ImportDescriptor(Kind, fullPath, new FileInfo(fullPath).Length), cancellationToken);
        if (ticket.AlreadyImported)
        {
            var previous = ticket.Previous!;
            return new ImportSummary(path, Kind, importId, ImportOutcome.AlreadyImported, 0, 0, 0, 0, [], clock.Elapsed,
                $"already imported on {previous.CompletedAt:yyyy-MM-dd HH:mm:ss}Z from {previous.Path} ({previous.Stored:N0} stored then); nothing stored now");
        }
        if (ticket.Busy)
        {
            return new ImportSummary(path, Kind, importId, ImportOutcome.Busy, 0, 0, 0, 0, [], clock.Elapsed,
                "another import of the same content is running now");
        }

        var errors = new List<ParseError>();
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        long read = 0, rejected = 0;
        var result = default(IngestResult);
        try
        {
            if (options.Strict)
            {
                (read, rejected) = await ValidateAsync(fullPath, path, errors, reasons, options, cancellationToken);
                if (rejected > 0)
                {
                    meters.Rejected(Kind, reasons);
                    await grain.FailAsync(new ImportCounts(read, 0, 0, rejected), $"{rejected} bad lines with --strict", cancellationToken);
                    return new ImportSummary(path, Kind, importId, ImportOutcome.RejectedStrict, read, 0, 0, rejected, errors, clock.Elapsed,
                        "--strict: nothing from this file was stored", reasons);
                }
                read = 0;
                reasons.Clear();
            }

            (read, rejected, result) = await StreamAsync(fullPath, path, importId, errors, reasons, options, cancellationToken);
            await FinishAsync(cancellationToken);
            meters.Received(Kind, "file", read);
            meters.Rejected(Kind, reasons);
            var counts = new ImportCounts(read, result.Stored, result.Duplicates, rejected);
            await (options.StageOnly ? grain.StageAsync(counts, cancellationToken) : grain.CompleteAsync(counts, cancellationToken));
            return new ImportSummary(path, Kind, importId, ImportOutcome.Imported, read, result.Stored, result.Duplicates, rejected, errors, clock.Elapsed,
                RejectedByReason: reasons);
        }
        catch (OperationCanceledException)
        {
            // Release the import so it can run again (else it stays Busy for this activation's life).
            try
            {
                await grain.FailAsync(new ImportCounts(read, result.Stored, result.Duplicates, rejected), "cancelled", CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The grain had already finished the import before the cancellation reached it.
            }
            throw;
        }
        catch (Exception failure)
        {
            meters.Failed(Kind, "file");
            try
            {
                await grain.FailAsync(new ImportCounts(read, result.Stored, result.Duplicates, rejected), failure.Message, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The grain no longer holds this import as running (e.g. the failure was in its own completion):
                // the original failure is what the caller must see, not this one.
            }
            if (failure is InputFormatException)
            {
                throw;
            }
            // InvalidDataException is what the gzip reader throws for a cut or corrupt file: the input is at fault, not the machine.
            return new ImportSummary(path, Kind, importId, ImportOutcome.Failed, read, result.Stored, result.Duplicates, rejected, errors, clock.Elapsed,
                failure.Message, reasons, InputAtFault: failure is InvalidDataException);
        }
    }

    private async Task<(long Read, long Rejected)> ValidateAsync(
        string fullPath, string displayName, List<ParseError> errors, Dictionary<string, long> reasons, FileImportOptions options, CancellationToken cancellationToken)
    {
        long read = 0, rejected = 0;
        var heap = new ImportHeapCeiling();
        using var file = TrackedFile.Open(fullPath);
        await foreach (var record in ParseFileAsync(file, displayName, cancellationToken))
        {
            read++;
            heap.Record();
            if (record.Error is { } error)
            {
                rejected++;
                Keep(errors, reasons, error, options);
            }
        }
        return (read, rejected);
    }

    private async Task<(long Read, long Rejected, IngestResult Result)> StreamAsync(
        string fullPath, string displayName, string importId, List<ParseError> errors, Dictionary<string, long> reasons, FileImportOptions options,
        CancellationToken cancellationToken)
    {
        long read = 0, rejected = 0;
        var result = default(IngestResult);
        Task<IngestResult>? pending = null;
        var heap = new ImportHeapCeiling();
        using var file = TrackedFile.Open(fullPath);
        var batch = new List<T>(BatchSize);
        await foreach (var record in ParseFileAsync(file, displayName, cancellationToken))
        {
            read++;
            heap.Record();
            if (record.Error is { } error)
            {
                rejected++;
                Keep(errors, reasons, error, options);
                continue;
            }
            batch.Add(record.Value!);
            if (batch.Count < BatchSize)
            {
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (pending is not null)
            {
                result += await pending;
            }
            pending = StoreBatchAsync(importId, batch, cancellationToken);
            batch = new List<T>(BatchSize);
            options.Progress?.Report(new ImportProgress(displayName, file.Position, file.Length, read));
        }
        if (pending is not null)
        {
            result += await pending;
        }
        if (batch.Count > 0)
        {
            result += await StoreBatchAsync(importId, batch, cancellationToken);
        }
        options.Progress?.Report(new ImportProgress(displayName, file.Length, file.Length, read));
        return (read, rejected, result);
    }

    private static void Keep(List<ParseError> errors, Dictionary<string, long> reasons, ParseError error, FileImportOptions options)
    {
        reasons[error.Reason] = reasons.GetValueOrDefault(error.Reason) + 1;
        if (errors.Count < options.MaxReportedErrors)
        {
            errors.Add(error);
        }
    }
}
