namespace Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

/// <summary>A series as a remote write sender puts it on the wire: labels in the order given (so tests can break the rules), samples. <see cref="Of"/> sorts them as the spec requires.</summary>
public sealed record RemoteSeries(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long TimestampMs, double Value)> Samples)
{
    public static RemoteSeries Of(string metric, IEnumerable<(string Name, string Value)> labels, params (long TimestampMs, double Value)[] samples) =>
        new([.. labels.Append((Name: "__name__", Value: metric)).OrderBy(l => l.Name, StringComparer.Ordinal)], samples);
}
