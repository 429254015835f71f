using System.Globalization;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>Sample values and timestamps as the Prometheus and OpenMetrics text formats write them.</summary>
internal static class ExpositionNumbers
{
    // Below this magnitude a timestamp is read as seconds (OpenMetrics), at or above it as milliseconds
    // (Prometheus text 0.0.4). 1e11 s is the year 5138 and 1e11 ms is March 1973, so real data never
    // falls on the wrong side of the threshold in either unit.
    private const long SecondsThreshold = 100_000_000_000;

    public static bool TryParseValue(ReadOnlySpan<char> s, out double value)
    {
        // Fast path for the integers most samples are (0, 1, counters): exact in a double up to 15 digits.
        if (TryParseSmallInteger(s, out var integer))
        {
            // "-0" keeps its sign, as the general parser would.
            value = integer == 0 && s[0] == '-' ? -0.0 : integer;
            return true;
        }
        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned.Equals("Inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("Infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (unsigned.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        // The first character check keeps .NET-only spellings ("∞", leading '.'-less oddities) out.
        if (s.Length == 0 || !(char.IsAsciiDigit(s[0]) || s[0] is '+' or '-' or '.'))
        {
            value = 0;
            return false;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseTimestampMs(ReadOnlySpan<char> s, out long milliseconds)
    {
        milliseconds = 0;
        if (TryParseSmallInteger(s, out var integer))
        {
            milliseconds = Math.Abs(integer) < SecondsThreshold ? integer * 1000 : integer;
            return true;
        }
        if (s.Length == 0 || !(char.IsAsciiDigit(s[0]) || s[0] is '+' or '-' or '.')
            || !decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        // decimal, not double: fractional seconds such as 1700000000.123 convert to milliseconds exactly.
        var ms = Math.Abs(number) < SecondsThreshold ? number * 1000 : number;
        ms = Math.Round(ms, MidpointRounding.AwayFromZero);
        if (ms < long.MinValue || ms > long.MaxValue)
        {
            return false;
        }
        milliseconds = (long)ms;
        return true;
    }

    private static bool TryParseSmallInteger(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var digits = negative || (s.Length > 0 && s[0] == '+') ? s[1..] : s;
        if (digits.Length is 0 or > 15)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        if (negative)
        {
            value = -value;
        }
        return true;
    }
}
