using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Platform.Insights.Ingest.Records;

/// <summary>
/// A stable 64-bit id for a series: XxHash64 of <c>metric{name="value",…}</c> with labels sorted by name.
/// Stable across processes and versions, so ids in the store and in grain state always agree.
/// </summary>
public static class SeriesIdentity
{
    public static ulong Compute(string metric, IReadOnlyList<Label> sortedLabels)
    {
        // One pass into a pooled buffer and one hash call: this runs once per sample of an unseen series.
        var length = Encoding.UTF8.GetMaxByteCount(metric.Length);
        foreach (var label in sortedLabels)
        {
            length += 2 + Encoding.UTF8.GetMaxByteCount(label.Name.Length) + Encoding.UTF8.GetMaxByteCount(label.Value.Length);
        }
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            var written = Encoding.UTF8.GetBytes(metric, buffer);
            foreach (var label in sortedLabels)
            {
                buffer[written++] = 0xFF;
                written += Encoding.UTF8.GetBytes(label.Name, buffer[written..]);
                buffer[written++] = 0xFE;
                written += Encoding.UTF8.GetBytes(label.Value, buffer[written..]);
            }
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static string Canonical(string metric, IReadOnlyList<Label> sortedLabels)
    {
        var builder = new StringBuilder(metric);
        builder.Append('{');
        for (var i = 0; i < sortedLabels.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }
            builder.Append(sortedLabels[i].Name).Append("=\"")
                .Append(sortedLabels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }
        return builder.Append('}').ToString();
    }
}
