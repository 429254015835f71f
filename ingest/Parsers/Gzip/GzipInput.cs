namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// The compressed bytes of a gzip stream, read from the inner stream into one buffer so a member's end can be found
/// after the inflater has been handed more than that member holds: <see cref="System.IO.Compression.DeflateStream"/> reads its
/// input in chunks, so the chunk handed last stays in the buffer until the bytes the inflater did not use are given back.
/// </summary>
internal sealed class GzipInput(Stream inner, int readSize)
{
    private byte[] _buffer = new byte[readSize * 2];
    private int _start;
    private int _end;
    private int _mark = -1;
    private long _bufferOffset;

    /// <summary>The offset in the compressed input of the next unread byte.</summary>
    public long Position => _bufferOffset + _start;

    public int Available => _end - _start;

    /// <summary>True once the inner stream has returned 0.</summary>
    public bool Ended { get; private set; }

    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Reads until <paramref name="count"/> bytes are unread or the input ends; true when they are.</summary>
    public bool Ensure(int count)
    {
        while (Available < count && !Ended)
        {
            MakeRoom(count);
            var read = inner.Read(_buffer, _end, Math.Min(readSize, _buffer.Length - _end));
            Add(read);
        }
        return Available >= count;
    }

    /// <inheritdoc cref="Ensure"/>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (Available < count && !Ended)
        {
            MakeRoom(count);
            var read = await inner.ReadAsync(_buffer.AsMemory(_end, Math.Min(readSize, _buffer.Length - _end)), cancellationToken).ConfigureAwait(false);
            Add(read);
        }
        return Available >= count;
    }

    /// <summary>Consumes <paramref name="count"/> unread bytes.</summary>
    public void Skip(int count) => _start += count;

    /// <summary>Hands up to <paramref name="destination"/>'s length of the unread bytes to the inflater, keeping them marked.</summary>
    public int Hand(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, Available);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _mark = _start;
        _start += count;
        return count;
    }

    /// <summary>Takes back the last <paramref name="count"/> bytes of the chunk handed last (the inflater did not use them) and drops the mark.</summary>
    public void GiveBack(int count)
    {
        if (count > _start - Math.Max(_mark, 0) || count < 0)
        {
            throw new InvalidOperationException($"cannot give back {count} bytes: the chunk handed last was {_start - _mark} bytes");
        }
        _start -= count;
        _mark = -1;
    }

    private void Add(int read)
    {
        if (read <= 0)
        {
            Ended = true;
        }
        else
        {
            _end += read;
        }
    }

    // Keeps the unread bytes and the marked chunk, moving them to the front (or into a larger buffer) when there is
    // no room at the end for a read of readSize bytes, or for the count unread bytes asked for.
    private void MakeRoom(int count)
    {
        if (_buffer.Length - _end >= Math.Max(readSize, count - Available))
        {
            return;
        }
        var keepFrom = _mark >= 0 ? Math.Min(_mark, _start) : _start;
        var kept = _end - keepFrom;
        var wanted = kept + Math.Max(readSize, count - Available);
        var target = _buffer.Length >= wanted ? _buffer : new byte[Math.Max(wanted, _buffer.Length * 2)];
        _buffer.AsSpan(keepFrom, kept).CopyTo(target); // overlapping moves are safe with spans
        _buffer = target;
        _bufferOffset += keepFrom;
        _start -= keepFrom;
        _end -= keepFrom;
        if (_mark >= 0)
        {
            _mark -= keepFrom;
        }
    }
}
