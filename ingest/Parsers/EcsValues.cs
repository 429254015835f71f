using System.Globalization;
using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>Reads ECS date and duration values at the current token of a <see cref="Utf8JsonReader"/>.</summary>
internal static class EcsValues
{
    public static string? ReadTimestamp(ref Utf8JsonReader reader, string name, out DateTimeOffset? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetDecimal(out var millis):
                value = FromEpochMillis(millis);
                break;
            case JsonTokenType.String when reader.ValueSpan.Length <= 64:
                Span<char> chars = stackalloc char[64];
                var written = reader.CopyString(chars);
                var s = chars[..written];
                // Elasticsearch's default date format also takes epoch milliseconds written as a string.
                if (IsoTimestamp.TryParse(s, out var parsed))
                {
                    value = parsed;
                }
                else if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
                {
                    value = FromEpochMillis(ms);
                }
                break;
            default:
                break;
        }
        if (value is null)
        {
            reader.Skip();
            return $"{name} is not an RFC 3339 timestamp or epoch milliseconds";
        }
        return null;
    }

    // decimal keeps whole and fractional epoch milliseconds exact down to the 100 ns tick.
    private static DateTimeOffset? FromEpochMillis(decimal millis)
    {
        // Outside years 1–9999 (and before the multiplication below could overflow decimal): not a timestamp.
        if (millis is > 300_000_000_000_000m or < -70_000_000_000_000m)
        {
            return null;
        }
        var ticks = Math.Round((millis * TimeSpan.TicksPerMillisecond) + DateTime.UnixEpoch.Ticks);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }
        return new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    public static string? ReadDuration(ref Utf8JsonReader reader, out long? nanoseconds)
    {
        nanoseconds = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var whole))
            {
                nanoseconds = whole;
                return null;
            }
            if (reader.TryGetDouble(out var real) && double.IsFinite(real) && Math.Abs(real) < 9.2e18)
            {
                nanoseconds = (long)Math.Round(real);
                return null;
            }
        }
        reader.Skip();
        return "event.duration must be a number of nanoseconds";
    }
}
