namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Parses RFC 3339 / ISO 8601 timestamps as exports write them: <c>2024-09-18T22:00:00Z</c>,
/// <c>2024-09-18 22:00:00</c>, <c>2024-09-18T22:00:00.123456789+02:00</c>, <c>2024-09-18</c>.
/// Hand-written because <see cref="DateTimeOffset.TryParse(string, out DateTimeOffset)"/> is lenient
/// (it accepts culture forms such as <c>1/2/2024</c>) and the exact-format API cannot take the 9
/// fraction digits ECS uses. A timestamp without an offset is UTC, as FOCUS and Elasticsearch define it.
/// Fraction digits beyond 100 ns (the .NET tick) are truncated.
/// </summary>
internal static class IsoTimestamp
{
    private static readonly long MaxOffsetTicks = TimeSpan.FromHours(14).Ticks;

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var s = text.Trim();
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        var offsetTicks = 0L;
        var i = 10;
        if (i < s.Length)
        {
            if (s[i] is not ('T' or 't' or ' ') || s.Length < i + 6 || s[i + 3] != ':'
                || !TryDigits(s, i + 1, 2, out hour) || !TryDigits(s, i + 4, 2, out minute))
            {
                return false;
            }
            i += 6;
            if (i < s.Length && s[i] == ':')
            {
                if (!TryDigits(s, i + 1, 2, out second))
                {
                    return false;
                }
                i += 3;
                if (i < s.Length && s[i] is '.' or ',')
                {
                    i++;
                    var digits = 0;
                    for (; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
                    {
                        if (digits < 7)
                        {
                            fraction = (fraction * 10) + (s[i] - '0');
                        }
                    }
                    if (digits == 0)
                    {
                        return false;
                    }
                    for (; digits < 7; digits++)
                    {
                        fraction *= 10;
                    }
                }
            }
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }
            if (i < s.Length && s[i] == ' ')
            {
                i++;
            }
            if (i < s.Length && !TryOffset(s[i..], out offsetTicks))
            {
                return false;
            }
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction;
        var utc = local - offsetTicks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        value = new DateTimeOffset(local, new TimeSpan(offsetTicks));
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out long ticks)
    {
        ticks = 0;
        if (s is "Z" or "z")
        {
            return true;
        }
        if (s.Length < 3 || s[0] is not ('+' or '-') || !TryDigits(s, 1, 2, out var hours))
        {
            return false;
        }
        var minutes = 0;
        var ok = s.Length switch
        {
            3 => true,
            5 => TryDigits(s, 3, 2, out minutes),
            6 => s[3] == ':' && TryDigits(s, 4, 2, out minutes),
            _ => false,
        };
        if (!ok || minutes > 59)
        {
            return false;
        }
        ticks = (hours * TimeSpan.TicksPerHour) + (minutes * TimeSpan.TicksPerMinute);
        if (s[0] == '-')
        {
            ticks = -ticks;
        }
        return Math.Abs(ticks) <= MaxOffsetTicks;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }
}
