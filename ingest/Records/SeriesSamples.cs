namespace Platform.Insights.Ingest.Records;

/// <summary>
/// Samples of one series as columns: the series' labels and id once, then parallel arrays of timestamps (Unix ms)
/// and values. Remote write moves samples in this shape from the decoder through the service grain to the store
/// writer: one object and two arrays per series instead of one <see cref="MetricSample"/> object per sample, which
/// made allocation and garbage collection a large share of the receiver's CPU. <see cref="Labels"/> are sorted by
/// name and exclude <c>__name__</c>; <see cref="SeriesId"/> is <see cref="SeriesIdentity.Compute"/> of metric and labels.
/// Immutable: the arrays are never written after construction, so grain calls pass them without copying.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesSamples(
    [property: Id(0)] string Metric,
    [property: Id(1)] Label[] Labels,
    [property: Id(2)] ulong SeriesId,
    [property: Id(3)] long[] TimestampsMs,
    [property: Id(4)] double[] Values)
{
    public int Count => TimestampsMs.Length;

    public string? LabelValue(string name)
    {
        foreach (var label in Labels)
        {
            if (string.Equals(label.Name, name, StringComparison.Ordinal))
            {
                return label.Value;
            }
        }
        return null;
    }

    /// <summary>The same samples as row objects (for callers and tests that want rows).</summary>
    public MetricSample[] ToSamples()
    {
        var samples = new MetricSample[TimestampsMs.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new MetricSample(Metric, Labels, TimestampsMs[i], Values[i], SeriesId);
        }
        return samples;
    }
}
