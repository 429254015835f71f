using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>One valid series of a remote write request: every sample shares the series' label array and id.</summary>
public sealed record DecodedSeries(string Metric, Label[] Labels, ulong SeriesId, MetricSample[] Samples);
