namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>The decoder's per-request and per-series limits (from <see cref="RemoteWriteOptions"/>).</summary>
public sealed record WriteRequestLimits(int MaxSeries, int MaxLabelsPerSeries, int MaxLabelBytes)
{
    public static WriteRequestLimits From(RemoteWriteOptions options) =>
        new(options.MaxSeriesPerRequest, options.MaxLabelsPerSeries, options.MaxLabelBytes);
}
