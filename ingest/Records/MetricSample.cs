namespace Platform.Insights.Ingest.Records;

/// <summary>
/// One sample of one series. <see cref="Labels"/> are sorted by name and exclude <c>__name__</c>;
/// <see cref="SeriesId"/> is <see cref="SeriesIdentity.Compute"/> of metric and labels.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MetricSample(
    [property: Id(0)] string Metric,
    [property: Id(1)] Label[] Labels,
    [property: Id(2)] long TimestampMs,
    [property: Id(3)] double Value,
    [property: Id(4)] ulong SeriesId)
{
    public static MetricSample Create(string metric, Label[] sortedLabels, long timestampMs, double value) =>
        new(metric, sortedLabels, timestampMs, value, SeriesIdentity.Compute(metric, sortedLabels));

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
}
