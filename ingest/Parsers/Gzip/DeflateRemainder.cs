using System.IO.Compression;
using System.Reflection;

namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// How many of the compressed bytes last handed to a finished <see cref="DeflateStream"/> it did not use: zlib's
/// <c>avail_in</c>, which is exactly where the deflate data ended. .NET 10 keeps it private (DeflateStream reads ahead in
/// chunks and offers no count of the rest; dotnet/runtime#121111, after .NET 10, rewinds a seekable base stream instead), so it
/// is read by reflection: <c>DeflateStream._inflater._zlibStream.AvailIn</c>. Looked up once; should a runtime rename them,
/// every gzip read fails at once with this type named (the tests catch it) — never a silent wrong offset, and the trailer
/// that must follow at that offset is checked anyway.
/// </summary>
internal static class DeflateRemainder
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly FieldInfo? Inflater = typeof(DeflateStream).GetField("_inflater", Private);
    private static readonly FieldInfo? ZlibStream = Inflater?.FieldType.GetField("_zlibStream", Private);
    private static readonly PropertyInfo? AvailIn = ZlibStream?.FieldType.GetProperty("AvailIn", Private | BindingFlags.Public);

    public static int Unconsumed(DeflateStream deflate)
    {
        if (AvailIn is null)
        {
            throw new PlatformNotSupportedException(
                $"{nameof(DeflateRemainder)}: this .NET runtime's DeflateStream has no _inflater._zlibStream.AvailIn; the gzip reader cannot find where a member ends");
        }
        var inflater = Inflater!.GetValue(deflate);
        var zlibStream = inflater is null ? null : ZlibStream!.GetValue(inflater);
        return zlibStream is null ? 0 : checked((int)(uint)AvailIn.GetValue(zlibStream)!);
    }
}
