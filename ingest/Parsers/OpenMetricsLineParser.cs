using System.Globalization;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>What one line of exposition text turned out to be.</summary>
internal enum ExpositionLine
{
    Skip,
    Sample,
    Error,
    EndOfFile,
}

/// <summary>
/// Parses single lines of Prometheus text 0.0.4 / OpenMetrics 1.0 exposition over spans, without regex.
/// The series part (<c>name{labels}</c>) is cached by its exact text, so a series seen before costs one
/// dictionary lookup instead of a label parse, a sort and a hash; names and values are interned.
/// One instance per parse (not thread-safe).
/// </summary>
internal sealed class OpenMetricsLineParser
{
    private const int SeriesCacheCapacity = 1;

    private readonly InternPool strings = new(maxLength: 128);
    private readonly Dictionary<string, MetricSample> seriesCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricSample>.AlternateLookup<ReadOnlySpan<char>> seriesLookup;
    private Label[] labels = new Label[16];
    private char[] scratch = new char[256];

    public OpenMetricsLineParser() => seriesLookup = seriesCache.GetAlternateLookup<ReadOnlySpan<char>>();

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
        if (IsMetricNameStart(s[0]))
        {
            i = 1;
            while (i < s.Length && IsMetricNameChar(s[i]))
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
        if (!seriesLookup.TryGetValue(key, out var template))
        {
            var seriesError = ParseSeries(key, out var metric, out var sorted);
            if (seriesError is not null)
            {
                return seriesError;
            }
            template = MetricSample.Create(metric!, sorted!, 0, 0);
            if (seriesCache.Count >= SeriesCacheCapacity)
            {
                seriesCache.Clear();
            }
            seriesCache[key.ToString()] = template;
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

    private string? ParseSeries(ReadOnlySpan<char> key, out string? metric, out Label[]? sorted)
    {
        metric = null;
        sorted = null;
        var count = 0;
        var i = 0;
        while (i < key.Length && IsMetricNameChar(key[i]))
        {
            i++;
        }
        if (i > 0)
        {
            metric = strings.Get(key[..i]);
        }
        i = key.IndexOf('{');
        if (i >= 0)
        {
            i++;
            while (true)
            {
                i = SkipSpaces(key, i);
                if (key[i] == '}')
                {
                    break;
                }
                string name;
                var nameQuoted = key[i] == '"';
                if (nameQuoted)
                {
                    var quotedError = ReadQuoted(key, ref i, out name);
                    if (quotedError is not null)
                    {
                        return quotedError;
                    }
                }
                else
                {
                    var start = i;
                    while (i < key.Length && (IsLabelNameChar(key[i]) && (i > start || !char.IsAsciiDigit(key[i]))))
                    {
                        i++;
                    }
                    if (i == start)
                    {
                        return $"expected a label name, found '{key[i]}'";
                    }
                    name = strings.Get(key[start..i]);
                }
                i = SkipSpaces(key, i);
                if (nameQuoted && key[i] is ',' or '}')
                {
                    // OpenMetrics 2 / Prometheus 3 allow a quoted UTF-8 metric name inside the braces.
                    if (metric is not null)
                    {
                        return $"metric name given twice ('{metric}' and '{name}')";
                    }
                    metric = name;
                }
                else
                {
                    if (key[i] != '=')
                    {
                        return $"expected '=' after label name '{name}'";
                    }
                    i = SkipSpaces(key, i + 1);
                    if (key[i] != '"')
                    {
                        return $"value of label '{name}' must be quoted";
                    }
                    var valueError = ReadQuoted(key, ref i, out var labelValue);
                    if (valueError is not null)
                    {
                        return $"{valueError} in label '{name}'";
                    }
                    if (name == "__name__")
                    {
                        if (metric is not null && metric != labelValue)
                        {
                            return $"label __name__=\"{labelValue}\" conflicts with metric name '{metric}'";
                        }
                        metric = labelValue;
                    }
                    else
                    {
                        if (count == labels.Length)
                        {
                            Array.Resize(ref labels, count * 2);
                        }
                        labels[count++] = new Label(name, labelValue);
                    }
                    i = SkipSpaces(key, i);
                }
                if (key[i] == ',')
                {
                    i++;
                }
                else if (key[i] != '}')
                {
                    return $"expected ',' or '}}' after label '{name}', found '{key[i]}'";
                }
            }
        }
        if (string.IsNullOrEmpty(metric))
        {
            return "missing metric name";
        }
        return SortLabels(count, out sorted);
    }

    private string? SortLabels(int count, out Label[] sorted)
    {
        // Insertion sort: label sets are small and often already sorted.
        for (var a = 1; a < count; a++)
        {
            var item = labels[a];
            var b = a - 1;
            while (b >= 0 && string.CompareOrdinal(labels[b].Name, item.Name) > 0)
            {
                labels[b + 1] = labels[b];
                b--;
            }
            labels[b + 1] = item;
        }
        sorted = count == 0 ? [] : labels.AsSpan(0, count).ToArray();
        for (var a = 1; a < count; a++)
        {
            if (string.Equals(sorted[a - 1].Name, sorted[a].Name, StringComparison.Ordinal))
            {
                return $"duplicate label name '{sorted[a].Name}'";
            }
        }
        return null;
    }

    // Reads a quoted string starting at s[i] == '"', handling the three escapes the formats define.
    private string? ReadQuoted(ReadOnlySpan<char> s, ref int i, out string value)
    {
        value = "";
        var start = i + 1;
        var special = s[start..].IndexOfAny('"', '\\');
        if (special < 0)
        {
            return "unterminated quoted string";
        }
        if (s[start + special] == '"')
        {
            value = strings.Get(s.Slice(start, special));
            i = start + special + 1;
            return null;
        }
        var length = 0;
        for (var p = start; p < s.Length; p++)
        {
            var c = s[p];
            if (c == '"')
            {
                value = strings.Get(scratch.AsSpan(0, length));
                i = p + 1;
                return null;
            }
            if (c == '\\')
            {
                if (++p == s.Length)
                {
                    break;
                }
                c = s[p] switch
                {
                    '\\' => '\\',
                    '"' => '"',
                    'n' => '\n',
                    _ => '\0',
                };
                if (c == '\0')
                {
                    return $"invalid escape sequence '\\{s[p]}'";
                }
            }
            if (length == scratch.Length)
            {
                Array.Resize(ref scratch, length * 2);
            }
            scratch[length++] = c;
        }
        return "unterminated quoted string";
    }

    private static int SkipSpaces(ReadOnlySpan<char> s, int i)
    {
        while (s[i] is ' ' or '\t')
        {
            i++;
        }
        return i;
    }

    private static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsMetricNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool IsLabelNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
