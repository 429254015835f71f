namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// A decoded <c>prometheus.WriteRequest</c>: the valid series (with their samples) and the rejected ones.
/// <see cref="Samples"/> counts every sample of the request, rejected series included.
/// </summary>
public sealed class DecodedWriteRequest
{
    public List<DecodedSeries> Series { get; } = [];

    public List<SeriesRejection> Rejections { get; } = [];

    public long Samples { get; internal set; }

    public long RejectedSamples => Rejections.Sum(r => (long)r.Samples);
}
