using System.Buffers.Binary;
using System.IO.Hashing;

namespace Platform.Insights.Ingest.Parsers.Gzip;

/// <summary>
/// A gzip member header (RFC 1952 §2.3): ID1 ID2 CM FLG MTIME(4) XFL OS, then the optional fields FLG announces —
/// FEXTRA (a 2-byte length and that many bytes), FNAME and FCOMMENT (zero-terminated), FHCRC (the low 16 bits of the
/// CRC-32 of the header so far). Parsed from the bytes at hand, so the caller reads more and asks again while incomplete.
/// </summary>
internal static class GzipHeader
{
    /// <summary>A header longer than this (a name or comment of a megabyte) is refused rather than buffered.</summary>
    public const int MaxLength = 1 << 20;

    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;
    private const byte FlagsReserved = 0xE0;

    /// <summary>
    /// The header's length when <paramref name="bytes"/> holds all of it; 0 when more bytes are needed; throws
    /// <see cref="InvalidDataException"/> (with <paramref name="what"/> in front) when it is not a valid header.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length >= 1 && bytes[0] != 0x1f || bytes.Length >= 2 && bytes[1] != 0x8b)
        {
            throw new InvalidDataException($"{what} does not start with the gzip magic bytes 1f 8b (found {Hex(bytes[..Math.Min(bytes.Length, 4)])})");
        }
        if (bytes.Length < 10)
        {
            return 0;
        }
        if (bytes[2] != 8)
        {
            throw new InvalidDataException($"{what} uses compression method {bytes[2]}; gzip defines only 8 (deflate)");
        }
        var flags = bytes[3];
        if ((flags & FlagsReserved) != 0)
        {
            throw new InvalidDataException($"{what} sets reserved header flag bits (FLG 0x{flags:x2}); RFC 1952 requires them to be zero");
        }
        var length = 10;
        if ((flags & FlagExtra) != 0)
        {
            if (bytes.Length < length + 2)
            {
                return 0;
            }
            length += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes[length..]);
        }
        foreach (var flag in (ReadOnlySpan<byte>)[FlagName, FlagComment])
        {
            if ((flags & flag) == 0)
            {
                continue;
            }
            if (bytes.Length <= length)
            {
                return 0;
            }
            var zero = bytes[length..].IndexOf((byte)0);
            if (zero < 0)
            {
                return 0;
            }
            length += zero + 1;
        }
        if ((flags & FlagHeaderCrc) != 0)
        {
            if (bytes.Length < length + 2)
            {
                return 0;
            }
            var stored = BinaryPrimitives.ReadUInt16LittleEndian(bytes[length..]);
            var actual = (ushort)Crc32.HashToUInt32(bytes[..length]);
            if (stored != actual)
            {
                throw new InvalidDataException($"{what}: the header's CRC-16 is {stored:x4} but the header's bytes give {actual:x4}");
            }
            length += 2;
        }
        return bytes.Length >= length ? length : 0;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "no bytes" : Convert.ToHexString(bytes).ToLowerInvariant();
}
