using System.Text;

namespace Platform.Insights.Host.Server;

/// <summary>
/// One team's part of the rendered KPI families, for a team-limited token: every <c>#</c> line (HELP, TYPE, UNIT) is
/// kept, a sample only when its <c>team</c> label is exactly the team. Samples of another team, of the org (empty team)
/// and of families without a team label (the unallocated share) are dropped: they are other teams' money or all of it.
/// Works on both exposition formats (the label syntax is the same); label values are unescaped before comparing.
/// </summary>
public static class KpiTeamFilter
{
    public static byte[] Filter(ReadOnlySpan<byte> exposition, string team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var text = Encoding.UTF8.GetString(exposition);
        var kept = new StringBuilder(text.Length / 4);
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
            if (line.StartsWith("#") || line.IsWhiteSpace() || TeamOf(line) == team)
            {
                kept.Append(line).Append('\n');
            }
            start = end < 0 ? text.Length : end + 1;
        }
        return Encoding.UTF8.GetBytes(kept.ToString());
    }

    /// <summary>The unescaped value of the sample line's <c>team</c> label; null when it has none (or cannot be read).</summary>
    public static string? TeamOf(ReadOnlySpan<char> sample)
    {
        var open = sample.IndexOf('{');
        if (open < 0)
        {
            return null;
        }
        var i = open + 1;
        while (i < sample.Length && sample[i] != '}')
        {
            var equals = sample[i..].IndexOf('=');
            if (equals < 0 || i + equals + 1 >= sample.Length || sample[i + equals + 1] != '"')
            {
                return null;
            }
            var name = sample.Slice(i, equals).Trim();
            i += equals + 2;
            var value = new StringBuilder();
            while (i < sample.Length && sample[i] != '"')
            {
                if (sample[i] == '\\' && i + 1 < sample.Length)
                {
                    i++;
                    value.Append(sample[i] == 'n' ? '\n' : sample[i]);
                }
                else
                {
                    value.Append(sample[i]);
                }
                i++;
            }
            if (i >= sample.Length)
            {
                return null;
            }
            if (name.SequenceEqual("team"))
            {
                return value.ToString();
            }
            i++;
            if (i < sample.Length && sample[i] == ',')
            {
                i++;
            }
        }
        return null;
    }
}
