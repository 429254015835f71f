namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>Where one label's name and value lie in the request body (UTF-8 bytes), before any string is made.</summary>
internal readonly record struct LabelRange(int NameStart, int NameLength, int ValueStart, int ValueLength)
{
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> body) => body.Slice(NameStart, NameLength);

    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> body) => body.Slice(ValueStart, ValueLength);
}
