using System.Text;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Metrics;

/// <summary>
/// Writes one OpenMetrics text file holding one metric family: <c># TYPE</c>, <c># HELP</c>, then each
/// series' samples contiguously and in time order (what <c>promtool tsdb create-blocks-from openmetrics</c>
/// requires), then <c># EOF</c>. Timestamps are integer Unix seconds.
/// </summary>
internal sealed class OpenMetricsWriter : IAsyncDisposable
{
    private readonly OutputFile _file;
    private byte[] _prefix = [];

    public OpenMetricsWriter(string root, string family, string type, string help, IProgress<DemoProgress>? progress)
    {
        _file = new OutputFile(root, $"metrics/{family}.om", DemoFileKind.Metrics, progress);
        Line($"# TYPE {family} {type}");
        Line($"# HELP {family} {help}");
    }

    public long Samples { get; private set; }

    public int Series { get; private set; }

    /// <summary>Starts a series; <paramref name="labels"/> are (name, value) pairs in the order to write them.</summary>
    public void BeginSeries(string sampleName, params (string Name, string Value)[] labels)
    {
        var text = new StringBuilder(sampleName).Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
        }
        // The label text is encoded once per series, not per sample.
        _prefix = Encoding.UTF8.GetBytes(text.Append("} ").ToString());
        Series++;
    }

    public void Sample(long unixSeconds, long value)
    {
        var buffer = _file.Buffer;
        buffer.Append(_prefix);
        buffer.Append(value);
        buffer.Append((byte)' ');
        buffer.Append(unixSeconds);
        buffer.EndLine();
        Samples++;
    }

    public void Sample(long unixSeconds, double value, int decimals)
    {
        var buffer = _file.Buffer;
        buffer.Append(_prefix);
        buffer.AppendFixed(value, decimals);
        buffer.Append((byte)' ');
        buffer.Append(unixSeconds);
        buffer.EndLine();
        Samples++;
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) => _file.FlushIfFullAsync(cancellationToken);

    public async Task<DemoFile> CompleteAsync(CancellationToken cancellationToken)
    {
        Line("# EOF");
        await _file.CompleteAsync(cancellationToken);
        return new DemoFile(_file.RelativePath, DemoFileKind.Metrics, _file.Lines, _file.Bytes, Samples: Samples, Series: Series);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private void Line(string text)
    {
        _file.Buffer.Append(text);
        _file.Buffer.EndLine();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}
