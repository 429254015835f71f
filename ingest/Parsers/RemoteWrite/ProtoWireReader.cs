using System.Buffers.Binary;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// The few pieces of the protobuf wire format a <c>WriteRequest</c> needs, over a span: tags, varints, fixed64 and
/// length-delimited fields, and skipping unknown fields (metadata, exemplars, histograms). Every read is bounds-checked
/// and a malformed input throws <see cref="RemoteWriteFormatException"/>, never anything else.
/// </summary>
internal ref struct ProtoWireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _end;
    private int _position;

    public ProtoWireReader(ReadOnlySpan<byte> data, int start, int end)
    {
        _data = data;
        _position = start;
        _end = end;
    }

    public readonly bool AtEnd => _position >= _end;

    public readonly int Position => _position;

    /// <summary>Reads a field tag: its number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw Malformed($"invalid field number {field}");
        }
        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _end)
            {
                throw Malformed("truncated varint");
            }
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Malformed("varint longer than 10 bytes");
    }

    public double ReadDouble()
    {
        if (_end - _position < 8)
        {
            throw Malformed("truncated fixed64");
        }
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-delimited field's bounds (start, end) and moves past it.</summary>
    public (int Start, int End) ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw Malformed($"length {length} runs past the end of its message");
        }
        var start = _position;
        _position += (int)length;
        return (start, _position);
    }

    /// <summary>Skips a field of a known wire type; groups (3, 4) and unknown types are malformed.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                Advance(4);
                break;
            default:
                throw Malformed($"unsupported wire type {wireType}");
        }
    }

    public readonly RemoteWriteFormatException Malformed(string what) =>
        new($"protobuf WriteRequest does not decode at byte {_position}: {what}");

    public readonly void Expect(int wireType, int expected, string field)
    {
        if (wireType != expected)
        {
            throw Malformed($"{field} has wire type {wireType}, expected {expected}");
        }
    }

    private void Advance(int count)
    {
        if (_end - _position < count)
        {
            throw Malformed("truncated field");
        }
        _position += count;
    }
}
