using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// One valid series of a remote write request, decoded as columns (<see cref="Columns"/>). <see cref="Samples"/>
/// materialises row objects on first use only (the receiver never asks for them); they all share the label array and id.
/// </summary>
public sealed class DecodedSeries(SeriesSamples columns)
{
    internal DecodedSeries(SeriesSamples columns, SeriesCache.Entry? known)
        : this(columns) => Known = known;

    private MetricSample[]? _samples;

    public SeriesSamples Columns { get; } = columns;

    public string Metric => Columns.Metric;

    public Label[] Labels => Columns.Labels;

    public ulong SeriesId => Columns.SeriesId;

    public MetricSample[] Samples => _samples ??= Columns.ToSamples();

    /// <summary>The receiver's cache entry of this series (null when decoded without a cache): where its service is kept.</summary>
    internal SeriesCache.Entry? Known { get; }
}
