namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>The remote write 1.0 name rules: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
internal static class LabelNames
{
    public static bool IsValidLabelName(ReadOnlySpan<byte> name) => IsValid(name, colon: false);

    public static bool IsValidMetricName(ReadOnlySpan<byte> name) => IsValid(name, colon: true);

    private static bool IsValid(ReadOnlySpan<byte> name, bool colon)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_'
                || (colon && c == (byte)':')
                || (i > 0 && c is >= (byte)'0' and <= (byte)'9');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
