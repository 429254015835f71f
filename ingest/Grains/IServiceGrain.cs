using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// The live state of one service (key: service name). Sources send one call per service per batch,
/// never one per sample.
/// </summary>
public interface IServiceGrain : IGrainWithStringKey
{
    Task<IngestResult> IngestMetricsAsync(MetricSample[] samples, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same as <see cref="IngestMetricsAsync"/> for samples as columns (remote write): one object per series.
    /// Calls interleave, so the calls of concurrent requests that arrive while one is being stored are stored together
    /// in the grain's next group (<c>ServiceGrain.GroupCommit.cs</c>); each still answers only once its samples committed.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IngestResult> IngestSeriesAsync(SeriesSamples[] series, CancellationToken cancellationToken = default);

    Task<IngestResult> IngestLogsAsync(LogEvent[] events, CancellationToken cancellationToken = default);

    /// <summary>The grain's state now; a read that never waits behind a store write (it interleaves with any call).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ServiceStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Persists the grain's state now (importers call it at the end of a file).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
