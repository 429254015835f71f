using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Parses the series part of an exposition line, <c>name{label="value",…}</c> (already delimited by the
/// caller), into the metric name and labels sorted by name. Accepts the quoted UTF-8 names of
/// OpenMetrics 2 / Prometheus 3 (<c>{"my.metric","my.label"="v"}</c>) and folds a <c>__name__</c> label
/// into the metric name. Names and values are interned. One instance per parse (not thread-safe).
/// </summary>
internal sealed class OpenMetricsSeriesParser
{
    private readonly InternPool strings = new(maxLength: 128);
    private Label[] labels = new Label[16];
    private char[] scratch = new char[256];

    /// <summary>Returns null with the metric and sorted labels, or the reason the series text is malformed.</summary>
    public string? Parse(ReadOnlySpan<char> key, out string? metric, out Label[]? sorted)
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

    internal static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    internal static bool IsMetricNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool IsLabelNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
