using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sinks;

/// <summary>Where service grains hand accepted samples. The returned task completes once the samples are durable.</summary>
public interface IMetricSink
{
    Task AppendAsync(string service, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken);

    /// <summary>Samples as columns (remote write); a sink without a column path stores them as rows.</summary>
    Task AppendAsync(string service, IReadOnlyList<SeriesSamples> series, CancellationToken cancellationToken) =>
        AppendAsync(service, series.SelectMany(s => s.ToSamples()).ToList(), cancellationToken);

    /// <summary>The last stored timestamp (Unix ms) of each series of a service: the truth a grain's watermarks start from.</summary>
    Task<IReadOnlyDictionary<ulong, long>> LoadWatermarksAsync(string service, CancellationToken cancellationToken);
}
