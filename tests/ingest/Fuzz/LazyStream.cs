namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// A read-only stream that makes its content as it is read: a prefix, <c>fillLength</c> copies of one byte, then a
/// suffix — a 2 GB line without 2 GB on disk or in memory. Counts what was read, to prove the reader went through it.
/// </summary>
public sealed class LazyStream(byte[] prefix, byte fill, long fillLength, byte[] suffix) : Stream
{
    private long position;

    public long Length64 => prefix.Length + fillLength + suffix.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => Length64;

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && position < Length64)
        {
            var target = buffer[written..];
            int n;
            if (position < prefix.Length)
            {
                n = Math.Min(target.Length, prefix.Length - (int)position);
                prefix.AsSpan((int)position, n).CopyTo(target);
            }
            else if (position < prefix.Length + fillLength)
            {
                n = (int)Math.Min(target.Length, prefix.Length + fillLength - position);
                target[..n].Fill(fill);
            }
            else
            {
                var at = (int)(position - prefix.Length - fillLength);
                n = Math.Min(target.Length, suffix.Length - at);
                suffix.AsSpan(at, n).CopyTo(target);
            }
            written += n;
            position += n;
        }
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
