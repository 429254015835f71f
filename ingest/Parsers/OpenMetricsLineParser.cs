using System.IO.Hashing;
using System.Runtime.InteropServices;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Parses single lines of Prometheus text 0.0.4 / OpenMetrics 1.0 exposition over spans, without regex.
/// The series part (<c>name{labels}</c>) is cached by its exact text, so a series seen recently costs one
/// hash and compare instead of a label parse, a sort and a series hash; names and values are interned.
/// One instance per parse (not thread-safe).
/// </summary>
internal sealed class OpenMetricsLineParser
{
    // Direct-mapped (a new series takes over its slot) and filled only on a series' second sighting:
    // a file of unique series then retains nothing (caching them made the GC promote and collect
    // megabytes of dead entries, slower than no cache), while a series that repeats within a few
    // thousand lines (a family's samples over time, appended scrapes) is parsed twice, then served from here.
    private const int SeriesCacheSlots = 1 << 14;

    private readonly OpenMetricsSeriesParser seriesParser = new();
    private readonly ulong[] seenHashes = new ulong[SeriesCacheSlots];
    private readonly string?[] cachedKeys = new string?[SeriesCacheSlots];
    private readonly MetricSample?[] cachedTemplates = new MetricSample?[SeriesCacheSlots];

    public ExpositionLine ParseLine(ReadOnlySpan<char> line, long defaultTimestampMs, out MetricSample? sample, out string? error)
    {
        sample = null;
        error = null;
        var text = line.TrimStart(" \t");
        if (text.TrimEnd(" \t").IsEmpty)
        {
            return ExpositionLine.Skip;
        }
        if (text[0] == '#')
        {
            // HELP, TYPE and UNIT describe series but never change a sample, so they are skipped like comments.
            return text.TrimEnd(" \t") is "# EOF" ? ExpositionLine.EndOfFile : ExpositionLine.Skip;
        }
        error = ParseSample(text, defaultTimestampMs, out sample);
        return error is null ? ExpositionLine.Sample : ExpositionLine.Error;
    }

    private string? ParseSample(ReadOnlySpan<char> s, long defaultTimestampMs, out MetricSample? sample)
    {
        sample = null;
        var i = 0;
        if (OpenMetricsSeriesParser.IsMetricNameStart(s[0]))
        {
            i = 1;
            while (i < s.Length && OpenMetricsSeriesParser.IsMetricNameChar(s[i]))
            {
                i++;
            }
        }
        else if (s[0] != '{')
        {
            return $"expected a metric name, found '{s[0]}'";
        }
        var afterName = i;
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
        var keyEnd = afterName;
        if (i < s.Length && s[i] == '{')
        {
            var close = FindLabelSetEnd(s, i, out var scanError);
            if (scanError is not null)
            {
                return scanError;
            }
            keyEnd = close + 1;
            i = keyEnd;
        }
        else if (i < s.Length && i == afterName)
        {
            return $"invalid character '{s[i]}' in metric name";
        }
        var key = s[..keyEnd];
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));
        var slot = (int)(hash & (SeriesCacheSlots - 1));
        var template = cachedTemplates[slot];
        if (template is null || seenHashes[slot] != hash || !key.SequenceEqual(cachedKeys[slot]))
        {
            var seriesError = seriesParser.Parse(key, out var metric, out var sorted);
            if (seriesError is not null)
            {
                return seriesError;
            }
            template = MetricSample.Create(metric!, sorted!, 0, 0);
            var seenBefore = seenHashes[slot] == hash;
            seenHashes[slot] = hash;
            cachedKeys[slot] = seenBefore ? key.ToString() : null;
            cachedTemplates[slot] = seenBefore ? template : null;
        }

        var rest = s[i..].TrimStart(" \t");
        if (rest.IsEmpty)
        {
            return "missing sample value";
        }
        var valueToken = NextToken(rest, out rest);
        if (!ExpositionNumbers.TryParseValue(valueToken, out var value))
        {
            return $"invalid sample value '{valueToken}'";
        }
        var timestampMs = defaultTimestampMs;
        // Anything after " # " is an OpenMetrics exemplar; it describes a trace, not the sample, so it is ignored.
        if (!rest.IsEmpty && rest[0] != '#')
        {
            var timestampToken = NextToken(rest, out rest);
            if (!ExpositionNumbers.TryParseTimestampMs(timestampToken, out timestampMs))
            {
                return $"invalid timestamp '{timestampToken}'";
            }
            if (!rest.IsEmpty && rest[0] != '#')
            {
                return $"unexpected text after the timestamp: '{rest}'";
            }
        }
        sample = template with { TimestampMs = timestampMs, Value = value };
        return null;
    }

    // Returns the first whitespace-delimited token and the text after it with leading whitespace removed.
    private static ReadOnlySpan<char> NextToken(ReadOnlySpan<char> s, out ReadOnlySpan<char> rest)
    {
        var end = s.IndexOfAny(' ', '\t');
        if (end < 0)
        {
            rest = [];
            return s;
        }
        rest = s[end..].TrimStart(" \t");
        return s[..end];
    }

    // The '}' closing the label set; braces inside quoted values (and escaped quotes) do not count.
    private static int FindLabelSetEnd(ReadOnlySpan<char> s, int open, out string? error)
    {
        error = null;
        var quoted = false;
        for (var i = open + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '}')
            {
                return i;
            }
        }
        error = quoted ? "unterminated quoted label value" : "missing '}' closing the label set";
        return -1;
    }
}
