using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Store;

/// <summary>Appends samples (and any series not seen before) with DuckDB's Appender inside the caller's transaction.</summary>
internal static class MetricRows
{
    public static void Append(
        DuckDBConnection connection,
        IEnumerable<(string Service, IReadOnlyList<MetricSample> Samples)> batches,
        HashSet<ulong> knownSeries,
        List<ulong> newSeries,
        DateTime now)
    {
        using (var samples = connection.CreateAppender("metric_samples"))
        using (var series = connection.CreateAppender("metric_series"))
        {
            foreach (var (service, batch) in batches)
            {
                foreach (var sample in batch)
                {
                    if (knownSeries.Add(sample.SeriesId))
                    {
                        newSeries.Add(sample.SeriesId);
                        series.CreateRow()
                            .AppendValue(sample.SeriesId)
                            .AppendValue(service)
                            .AppendValue(sample.Metric)
                            .AppendValue(LabelsJson(sample.Labels))
                            .AppendValue(now)
                            .EndRow();
                    }
                    samples.CreateRow()
                        .AppendValue(service)
                        .AppendValue(sample.Metric)
                        .AppendValue(sample.SeriesId)
                        .AppendValue(DateTime.UnixEpoch.AddMilliseconds(sample.TimestampMs))
                        .AppendValue(sample.Value)
                        .EndRow();
                }
            }
        }
    }

    private static string LabelsJson(Label[] labels)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var label in labels)
            {
                writer.WriteString(label.Name, label.Value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
