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
        var hash = new XxHash64();
        Append(hash, metric);
        foreach (var label in sortedLabels)
        {
            hash.Append([0xFF]);
            Append(hash, label.Name);
            hash.Append([0xFE]);
            Append(hash, label.Value);
        }
        return hash.GetCurrentHashAsUInt64();
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

    private static void Append(XxHash64 hash, string text)
    {
        Span<byte> buffer = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        hash.Append(buffer[..written]);
    }
}
