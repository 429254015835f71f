using System.Globalization;

namespace Platform.Insights.Ingest.Parsers.PrometheusApi;

/// <summary>
/// Prometheus durations: units <c>ms s m h d w y</c> combined largest first (<c>1h30m</c>), plain (decimal) seconds
/// as the HTTP API accepts them (<c>15</c>, <c>0.5</c>), and .NET's <c>hh:mm:ss</c> as configuration binds them.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 86_400_000), ("w", 7L * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1_000),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not a duration (e.g. 60s, 5m, 1h30m)");

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromMilliseconds((double)Math.Round(seconds * 1000));
            return true;
        }
        long total = 0;
        var i = 0;
        var lastRank = -1;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            var rank = Array.FindIndex(Units, u => text.AsSpan(i).StartsWith(u.Unit, StringComparison.Ordinal));
            if (rank < 0 || RankOf(rank) <= lastRank)
            {
                return false;
            }
            lastRank = RankOf(rank);
            total = checked(total + amount * Units[rank].Ms);
            i += Units[rank].Unit.Length;
        }
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Order from largest to smallest unit (the table lists <c>ms</c> before <c>m</c> only so it matches first).</summary>
    private static int RankOf(int index) => Units[index].Unit switch
    {
        "y" => 0,
        "w" => 1,
        "d" => 2,
        "h" => 3,
        "m" => 4,
        "s" => 5,
        _ => 6,
    };

    /// <summary>Seconds as the HTTP API takes them: <c>60</c>, <c>0.5</c>.</summary>
    public static string ApiSeconds(long milliseconds) => (milliseconds / 1000m).ToString(CultureInfo.InvariantCulture);
}
