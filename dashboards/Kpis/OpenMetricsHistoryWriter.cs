using System.Globalization;
using System.Text;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// Writes KPI history as OpenMetrics text with timestamps, the input of
/// <c>promtool tsdb create-blocks-from openmetrics</c>: one <c># TYPE</c>/<c># HELP</c> per family, each family's
/// samples together, each series' samples in time order, and <c># EOF</c> at the end.
/// </summary>
public static class OpenMetricsHistoryWriter
{
    /// <returns>The number of series and samples written.</returns>
    public static async Task<(int Series, long Samples)> WriteAsync(
        TextWriter writer, IReadOnlyList<(DateTime At, IReadOnlyList<KpiSample> Samples)> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(history);
        var series = history
            .SelectMany(h => h.Samples.Select(s => (h.At, Sample: s)))
            .GroupBy(x => x.Sample.SeriesKey, StringComparer.Ordinal)
            .Select(g => (g.First().Sample, Points: g.Select(x => (x.At, x.Sample.Value)).OrderBy(p => p.At).ToList()))
            .GroupBy(s => s.Sample.Metric)
            .OrderBy(f => f.Key.Name, StringComparer.Ordinal);
        int seriesCount = 0;
        long samples = 0;
        var line = new StringBuilder();
        foreach (var family in series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync($"# HELP {family.Key.Name} {Escape(family.Key.Help)}\n# TYPE {family.Key.Name} gauge\n");
            foreach (var (sample, points) in family.OrderBy(s => s.Sample.SeriesKey, StringComparer.Ordinal))
            {
                var labels = Labels(sample);
                seriesCount++;
                foreach (var (at, value) in points)
                {
                    line.Clear().Append(family.Key.Name).Append(labels).Append(' ')
                        .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                        .Append((new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
                    await writer.WriteAsync(line, cancellationToken);
                    samples++;
                }
            }
        }
        await writer.WriteAsync("# EOF\n");
        return (seriesCount, samples);
    }

    private static string Labels(KpiSample sample)
    {
        var pairs = sample.Metric.LabelNames.Zip(sample.LabelValues).Where(p => p.Second.Length > 0).ToList();
        return pairs.Count == 0 ? "" : "{" + string.Join(',', pairs.Select(p => $"{p.First}=\"{Escape(p.Second)}\"")) + "}";
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
