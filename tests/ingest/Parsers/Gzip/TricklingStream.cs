namespace Platform.Insights.Ingest.Tests.Parsers.Gzip;

/// <summary>A read-only stream over bytes that returns at most <paramref name="most"/> bytes per read, as a socket may.</summary>
internal sealed class TricklingStream(byte[] bytes, int most) : MemoryStream(bytes, writable: false)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
}
