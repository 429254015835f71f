using System.Globalization;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The invariant text of a Parquet value, as the CSV parsers expect it: floating point round-trips (<c>R</c>), decimals
/// keep their scale, timestamps are <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> UTC. A timestamp without time zone
/// (<c>isAdjustedToUTC=false</c>, which Parquet.Net hands out as local) keeps its wall-clock ticks and is read as UTC,
/// as FOCUS defines unqualified times. <c>typeof(T)</c> tests fold away per value type, so formatting does not box.
/// </summary>
internal static class ParquetValueFormat
{
    private const string Timestamp = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly HashSet<Type> Formatted =
    [
        typeof(ReadOnlyMemory<char>), typeof(string), typeof(byte[]), typeof(double), typeof(float), typeof(decimal),
        typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong),
        typeof(bool), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan), typeof(Guid),
    ];

    public static bool Supports(Type type) => Formatted.Contains(type);

    public static bool TryFormat<T>(T value, Span<char> destination, out int written)
        where T : struct
    {
        var invariant = CultureInfo.InvariantCulture;
        if (typeof(T) == typeof(double))
        {
            return ((double)(object)value).TryFormat(destination, out written, "R", invariant);
        }
        if (typeof(T) == typeof(float))
        {
            return ((float)(object)value).TryFormat(destination, out written, "R", invariant);
        }
        if (typeof(T) == typeof(DateTime))
        {
            return DateTime.SpecifyKind((DateTime)(object)value, DateTimeKind.Utc).TryFormat(destination, out written, Timestamp, invariant);
        }
        if (typeof(T) == typeof(DateTimeOffset))
        {
            return ((DateTimeOffset)(object)value).UtcDateTime.TryFormat(destination, out written, Timestamp, invariant);
        }
        if (typeof(T) == typeof(DateOnly))
        {
            return ((DateOnly)(object)value).TryFormat(destination, out written, "yyyy-MM-dd", invariant);
        }
        if (typeof(T) == typeof(TimeOnly))
        {
            return ((TimeOnly)(object)value).TryFormat(destination, out written, "HH:mm:ss.fffffff", invariant);
        }
        if (typeof(T) == typeof(TimeSpan))
        {
            return ((TimeSpan)(object)value).TryFormat(destination, out written, "c", invariant);
        }
        if (typeof(T) == typeof(bool))
        {
            var text = (bool)(object)value ? "true" : "false";
            written = text.Length;
            return text.TryCopyTo(destination);
        }
        // decimal, the integer types and Guid: their invariant default form.
        return ((ISpanFormattable)value).TryFormat(destination, out written, default, invariant);
    }
}
