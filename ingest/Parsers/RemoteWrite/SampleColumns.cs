namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// A reusable, growing pair of columns the reader decodes one series' samples into before copying them out at
/// their exact size (the series count of a request is unknown until its samples are read).
/// </summary>
internal sealed class SampleColumns
{
    private long[] _timestamps = new long[256];
    private double[] _values = new double[256];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(long timestampMs, double value)
    {
        if (Count == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _timestamps[Count] = timestampMs;
        _values[Count] = value;
        Count++;
    }

    public long[] Timestamps() => _timestamps.AsSpan(0, Count).ToArray();

    public double[] Values() => _values.AsSpan(0, Count).ToArray();
}
