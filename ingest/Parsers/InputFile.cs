using System.Text;
using Platform.Insights.Ingest.Parsers.Gzip;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Opens an input file for streaming, decompressing gzip transparently. Gzip is recognised by its
/// magic bytes (1f 8b), not by the extension, because exports are often renamed or served without one.
/// Gzip goes through <see cref="GzipMemberStream"/>, not GZipStream: every member is read and checked (CRC-32, size),
/// and a file cut short or with bytes after its last member fails naming the file and byte, instead of importing short.
/// Nothing is read ahead beyond the stream buffers, so memory does not grow with the file size.
/// </summary>
public static class InputFile
{
    // Large buffers: parsers read sequentially and a 64 KiB buffer keeps syscalls and gzip calls rare.
    private const int BufferSize = 1 << 16;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Opens <paramref name="path"/> as bytes, decompressed when it is gzip.</summary>
    public static Stream OpenRead(string path) => Decompressed(OpenFile(path));

    /// <summary>Opens <paramref name="path"/> for sequential reading; pass it to <see cref="OpenText(FileStream)"/> to track progress by its position.</summary>
    public static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    /// <summary>Reads an already opened file as UTF-8 text, decompressed when it is gzip; the reader owns the file.</summary>
    public static TextReader OpenText(FileStream file) =>
        new StreamReader(Decompressed(file), Utf8NoBom, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: false);

    private static Stream Decompressed(FileStream file)
    {
        try
        {
            return IsGzip(file) ? new GzipMemberStream(file, file.Name) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 text (a BOM is detected and skipped), decompressed when it is gzip.</summary>
    public static TextReader OpenText(string path) => OpenText(OpenFile(path));

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
