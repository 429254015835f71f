namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// The stream a <see cref="System.IO.Compression.DeflateStream"/> reads one member's compressed data from: the unread bytes
/// of <see cref="GzipInput"/>, each chunk marked so the member's end can be found in it afterwards.
/// </summary>
internal sealed class InflaterFeed(GzipInput input) : ForwardReadStream
{
    /// <summary>True when the inflater asked for more and the input had ended: the deflate data is cut short.</summary>
    public bool RanOut { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        input.Ensure(1);
        return Handed(input.Hand(buffer));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        await input.EnsureAsync(1, cancellationToken).ConfigureAwait(false);
        return Handed(input.Hand(buffer.Span));
    }

    private int Handed(int count)
    {
        RanOut |= count == 0;
        return count;
    }
}
