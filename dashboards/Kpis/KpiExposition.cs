using System.Text;
using Prometheus;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The KPI families rendered once, in the Prometheus text format and in OpenMetrics (the latter without its closing
/// <c># EOF</c>, so it can follow another registry's families in one exposition, which then ends it once).
/// </summary>
public sealed class KpiExposition
{
    private static readonly byte[] OpenMetricsEnd = Encoding.UTF8.GetBytes("# EOF\n");

    private KpiExposition(byte[] text, byte[] openMetrics)
    {
        Text = text;
        OpenMetricsFamilies = openMetrics;
    }

    /// <summary>The families in the Prometheus text format (0.0.4).</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary>The families in OpenMetrics 1.0, without the closing <c># EOF</c> line.</summary>
    public ReadOnlyMemory<byte> OpenMetricsFamilies { get; }

    /// <summary>Renders <paramref name="registry"/> in both formats.</summary>
    public static async Task<KpiExposition> RenderAsync(CollectorRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, ExpositionFormat.PrometheusText, cancellationToken);
        using var openMetrics = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(openMetrics, ExpositionFormat.OpenMetricsText, cancellationToken);
        return new KpiExposition(text.ToArray(), WithoutEnd(openMetrics.ToArray()));
    }

    /// <summary>The OpenMetrics exposition <paramref name="bytes"/> without its closing <c># EOF</c> line, if it has one.</summary>
    public static byte[] WithoutEnd(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.AsSpan().EndsWith(OpenMetricsEnd) ? bytes[..^OpenMetricsEnd.Length] : bytes;
    }
}
