namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The store writer's short wait for more remote-write appends (<see cref="StoreOptions.WriteLinger"/>). A remote-write
/// request is split by service and reaches the writer as one append per service grain, each when its grain gets to it;
/// committing the moment the first arrives made each transaction about one request's worth, so DuckDB's fixed cost per
/// transaction (begin, appenders, WAL write and flush, commit) was paid per request (BENCHMARKS.md §20). Waiting a few
/// milliseconds lets the rest of that request, and of the requests arriving meanwhile, join the same transaction. Nothing
/// is acknowledged before its commit, so the wait adds latency, never risk.
/// </summary>
public sealed partial class StoreWriter
{
    /// <summary>
    /// The clock the linger runs on: real time, not the writer's <see cref="TimeProvider"/>. The wait is about when other
    /// grains' appends arrive, not about the time samples are stamped with; a test that fakes that time and never moves it
    /// (file imports, clock skew) must not find every metric write held forever. The linger's own tests set a fake clock
    /// here before their first write.
    /// </summary>
    internal TimeProvider LingerClock { get; set; } = TimeProvider.System;

    /// <summary>Whether this batch should wait for more: it holds remote-write columns and has room.</summary>
    private bool Lingers(List<WriteRequest> pending, int rows, long bytes) =>
        _options.WriteLinger > TimeSpan.Zero
        && rows < _options.WriteBatchRows && bytes < _options.WriteBatchBytes
        && pending.Exists(request => request is MetricWrite { Series: not null });

    /// <summary>
    /// Takes what arrives within <see cref="StoreOptions.WriteLinger"/> of now (<see cref="LingerClock"/>), until the batch is
    /// full or the queue is completed. Returns the batch's new row and byte counts.
    /// </summary>
    private async Task<(int Rows, long Bytes)> LingerAsync(List<WriteRequest> pending, int rows, long bytes)
    {
        using var window = new CancellationTokenSource(_options.WriteLinger, LingerClock);
        while (rows < _options.WriteBatchRows && bytes < _options.WriteBatchBytes)
        {
            if (_queue.Reader.TryRead(out var request))
            {
                pending.Add(request);
                rows += request.Rows;
                bytes += request.Bytes;
                _meters.Queued(-1);
                continue;
            }
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(window.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                break;
            }
        }
        _meters.Lingered();
        return (rows, bytes);
    }
}
