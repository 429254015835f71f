using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// Decompresses a gzip stream of one or more members (RFC 1952 §2.2: members simply follow each other, as
/// <c>cat a.gz b.gz</c>, rotating shippers and <c>gzip</c> of several files produce), streaming. Unlike
/// <see cref="GZipStream"/>, which returns a cut-short input as a short success and ignores bytes after the last member,
/// every member's header flags, CRC-32 and size (ISIZE) are checked, members of no bytes are allowed anywhere, and a
/// cut-short input, a trailer that does not match, or bytes after the last member are an <see cref="InvalidDataException"/>
/// naming the input, the member number and the byte offset.
/// </summary>
/// <remarks>
/// Each member's deflate data goes through a <see cref="DeflateStream"/> (the runtime's zlib-ng), which reads ahead in
/// chunks. <see cref="GzipInput"/> keeps the chunk handed last, and once the inflater has finished, the bytes it did not
/// use (<see cref="DeflateRemainder"/>) are given back: the trailer starts there, and the next member after it.
/// Searching that chunk for the expected trailer instead is not exact: members of no bytes all end in eight zero bytes,
/// and equal members in equal trailers, so a damaged trailer would be taken for the next member's and that member lost.
/// </remarks>
public sealed class GzipMemberStream : ForwardReadStream
{
    private const int DefaultReadSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly string _name;
    private readonly GzipInput _input;
    private readonly Crc32 _crc = new();
    private DeflateStream? _deflate;
    private InflaterFeed? _feed;
    private int _member;
    private long _memberStart;
    private long _size;
    private bool _done;

    /// <param name="name">Names the input in errors (a path, or "the body").</param>
    /// <param name="readSize">How many compressed bytes to read from <paramref name="inner"/> at a time.</param>
    public GzipMemberStream(Stream inner, string name, bool leaveOpen = false, int readSize = DefaultReadSize)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(readSize, 64);
        _inner = inner;
        _name = name;
        _leaveOpen = leaveOpen;
        _input = new GzipInput(inner, readSize);
    }

    public override int Read(Span<byte> buffer)
    {
        while (!buffer.IsEmpty && !_done)
        {
            if (_deflate is null)
            {
                int header;
                while ((header = StartMember()) < 0)
                {
                    _input.Ensure(_input.Available + 1);
                }
                if (header == 0)
                {
                    break;
                }
                continue;
            }
            var read = Inflated(buffer, InflateSync(buffer));
            if (read > 0)
            {
                return read;
            }
            GiveBackUnused();
            _input.Ensure(TrailerLength);
            CheckTrailer();
        }
        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty && !_done)
        {
            if (_deflate is null)
            {
                int header;
                while ((header = StartMember()) < 0)
                {
                    await _input.EnsureAsync(_input.Available + 1, cancellationToken).ConfigureAwait(false);
                }
                if (header == 0)
                {
                    break;
                }
                continue;
            }
            int inflated;
            try
            {
                inflated = await _deflate.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw NotDeflate(e);
            }
            var read = Inflated(buffer.Span, inflated);
            if (read > 0)
            {
                return read;
            }
            GiveBackUnused();
            await _input.EnsureAsync(TrailerLength, cancellationToken).ConfigureAwait(false);
            CheckTrailer();
        }
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    // CRC-32 and ISIZE, little-endian.
    private const int TrailerLength = 8;

    private string Member => $"{_name}: gzip member {_member} (starting at byte {_memberStart})";

    /// <summary>1 when a member's header has been read and its data begins; 0 at the end of the input; -1 when more bytes are needed.</summary>
    private int StartMember()
    {
        if (_input.Available == 0 && _input.Ended)
        {
            if (_member == 0)
            {
                throw new InvalidDataException($"{_name}: holds no gzip member (0 bytes)");
            }
            _done = true;
            return 0;
        }
        var what = _member == 0
            ? $"{_name}: gzip member 1 (starting at byte 0)"
            : $"{_name}: what follows gzip member {_member} (at byte {_input.Position})";
        var unread = _input.Unread;
        var length = GzipHeader.Parse(unread[..Math.Min(unread.Length, GzipHeader.MaxLength)], what);
        if (length == 0)
        {
            if (_input.Ended)
            {
                throw new InvalidDataException($"{what} {(_member == 0 ? "is" : "begins a member that is")} cut short: the input ends at byte {_input.Position + unread.Length} inside its header");
            }
            if (unread.Length >= GzipHeader.MaxLength)
            {
                throw new InvalidDataException($"{what}: the header is longer than {GzipHeader.MaxLength} bytes");
            }
            return -1;
        }
        _member++;
        _memberStart = _input.Position;
        _input.Skip(length);
        _crc.Reset();
        _size = 0;
        _feed = new InflaterFeed(_input);
        _deflate = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        return 1;
    }

    private int InflateSync(Span<byte> buffer)
    {
        try
        {
            return _deflate!.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw NotDeflate(e);
        }
    }

    private int Inflated(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _size += read;
        }
        else if (_feed!.RanOut)
        {
            throw new InvalidDataException($"{Member} is cut short: the input ends at byte {_input.Position} inside its compressed data");
        }
        return read;
    }

    private InvalidDataException NotDeflate(InvalidDataException e) =>
        new($"{Member}: its compressed data is not valid deflate ({e.Message})", e);

    // The deflate data has ended inside the chunk handed last, where the inflater stopped using it; the trailer follows.
    private void GiveBackUnused()
    {
        _input.GiveBack(DeflateRemainder.Unconsumed(_deflate!));
        _deflate!.Dispose();
        _deflate = null;
        _feed = null;
    }

    private void CheckTrailer()
    {
        var crc = _crc.GetCurrentHashAsUInt32();
        var at = _input.Position;
        if (_input.Available < TrailerLength)
        {
            throw new InvalidDataException($"{Member} is cut short: the input ends at byte {at + _input.Available} inside its 8-byte trailer (CRC-32, size), which starts at byte {at}");
        }
        var trailer = _input.Unread;
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var storedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (storedCrc != crc || storedSize != (uint)_size)
        {
            throw new InvalidDataException(
                $"{Member}: its trailer at byte {at} gives CRC-32 {storedCrc:x8} and size {storedSize}, but its data decompresses to {_size} bytes with CRC-32 {crc:x8}");
        }
        _input.Skip(TrailerLength);
    }
}
