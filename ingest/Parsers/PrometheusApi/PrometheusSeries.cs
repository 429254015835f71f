using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.PrometheusApi;

/// <summary>
/// One result series of a Prometheus API query: <see cref="MetricName"/> from <c>__name__</c> (null when the
/// expression dropped it), the other labels sorted by name, and its points (Unix ms, value) in the order returned.
/// </summary>
public sealed record PrometheusSeries(string? MetricName, Label[] Labels, long[] TimestampsMs, double[] Values);
