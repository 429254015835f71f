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
    /// <summary>Whether this batch should wait for more: it holds remote-write columns and has room.</summary>
    private bool Lingers(List<WriteRequest> pending, int rows, long bytes) =>
        _options.WriteLinger > TimeSpan.Zero
        && rows < _options.WriteBatchRows && bytes < _options.WriteBatchBytes
        && pending.Exists(request => request is MetricWrite { Series: not null });

    /// <summary>
    /// Takes what arrives within <see cref="StoreOptions.WriteLinger"/> of now (the writer's clock), until the batch is
    /// full or the queue is completed. Returns the batch's new row and byte counts.
    /// </summary>
    private async Task<(int Rows, long Bytes)> LingerAsync(List<WriteRequest> pending, int rows, long bytes)
    {
        using var window = new CancellationTokenSource(_options.WriteLinger, _time);
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
