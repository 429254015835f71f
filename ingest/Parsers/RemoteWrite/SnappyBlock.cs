using System.Buffers;
using Snappier;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// Snappy <b>block</b> format (what remote write 1.0 mandates; the framed/stream format is refused as corrupt).
/// The block states its decompressed length first, so an oversized body is refused before anything is inflated.
/// </summary>
public static class SnappyBlock
{
    /// <summary>Decompresses into a pooled buffer; the caller returns it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static (byte[] Buffer, int Length) Decompress(ReadOnlySpan<byte> compressed, int maxDecodedBytes)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(compressed);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new RemoteWriteFormatException($"body is not snappy block-compressed: {e.Message}", e);
        }
        if (length > maxDecodedBytes)
        {
            throw new RemoteWriteTooLargeException(
                $"body decompresses to {length} bytes, over the limit of {maxDecodedBytes} (Insights:Ingest:RemoteWrite:MaxDecodedBytes)");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            if (!Snappy.TryDecompress(compressed, buffer, out var written) || written != length)
            {
                throw new RemoteWriteFormatException($"corrupt snappy block: it states {length} bytes but does not decompress to them");
            }
            return (buffer, written);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new RemoteWriteFormatException($"corrupt snappy block: {e.Message}", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
