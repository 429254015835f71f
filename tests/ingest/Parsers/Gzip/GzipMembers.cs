using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Platform.Insights.Ingest.Tests.Parsers.Gzip;

/// <summary>Writes gzip members byte by byte (RFC 1952), with the optional header fields, so tests control every byte.</summary>
internal static class GzipMembers
{
    public const byte FlagHeaderCrc = 0x02;
    public const byte FlagExtra = 0x04;
    public const byte FlagName = 0x08;
    public const byte FlagComment = 0x10;

    /// <summary>One member of <paramref name="plain"/>; a member of no bytes holds the 2-byte empty deflate block, as <c>gzip &lt; /dev/null</c> writes.</summary>
    public static byte[] Member(byte[] plain, byte flags = 0, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        var header = new List<byte> { 0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3 };
        if ((flags & FlagExtra) != 0)
        {
            header.AddRange([4, 0, (byte)'A', (byte)'B', 0, 0]);
        }
        if ((flags & FlagName) != 0)
        {
            header.AddRange("access.log\0"u8.ToArray());
        }
        if ((flags & FlagComment) != 0)
        {
            header.AddRange("rotated\0"u8.ToArray());
        }
        if ((flags & FlagHeaderCrc) != 0)
        {
            var crc16 = (ushort)Crc32.HashToUInt32([.. header]);
            header.AddRange([(byte)crc16, (byte)(crc16 >> 8)]);
        }
        output.Write([.. header]);
        if (plain.Length == 0)
        {
            output.Write([3, 0]);
        }
        else
        {
            using var deflate = new DeflateStream(output, level, leaveOpen: true);
            deflate.Write(plain);
        }
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.HashToUInt32(plain));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)plain.Length);
        output.Write(trailer);
        return output.ToArray();
    }
}
