using System.Globalization;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Azure export dates: US <c>MM/dd/yyyy</c> or <c>M/d/yyyy</c> (optionally with a time), or ISO 8601 as newer
/// exports write them. Returns the UTC day (the time of day is dropped: Azure cost rows are daily).
/// </summary>
internal static class AzureDate
{
    private static readonly string[] UsFormats = ["M/d/yyyy", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm:ss tt", "M/d/yyyy H:mm"];

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime day)
    {
        var s = text.Trim();
        if (IsoTimestamp.TryParse(s, out var iso))
        {
            day = DateTime.SpecifyKind(iso.UtcDateTime.Date, DateTimeKind.Utc);
            return true;
        }
        if (DateTime.TryParseExact(s, UsFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var us))
        {
            day = DateTime.SpecifyKind(us.Date, DateTimeKind.Utc);
            return true;
        }
        day = default;
        return false;
    }
}
