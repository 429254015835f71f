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
    /// </summary>
    Task<IngestResult> IngestSeriesAsync(SeriesSamples[] series, CancellationToken cancellationToken = default);

    Task<IngestResult> IngestLogsAsync(LogEvent[] events, CancellationToken cancellationToken = default);

    Task<ServiceStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Persists the grain's state now (importers call it at the end of a file).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
