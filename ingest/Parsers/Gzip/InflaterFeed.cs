namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// The stream a <see cref="System.IO.Compression.DeflateStream"/> reads one member's compressed data from: the unread bytes
/// of <see cref="GzipInput"/>, each chunk marked so the member's end can be found in it afterwards.
/// </summary>
internal sealed class InflaterFeed(GzipInput input) : Stream
{
    /// <summary>True when the inflater asked for more and the input had ended: the deflate data is cut short.</summary>
    public bool RanOut { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        input.Ensure(1);
        return Handed(input.Hand(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        await input.EnsureAsync(1, cancellationToken).ConfigureAwait(false);
        return Handed(input.Hand(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Handed(int count)
    {
        RanOut |= count == 0;
        return count;
    }
}
