using System.IO.Compression;
using System.Text;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// A file opened for streaming import: gzip detected by its magic bytes (not its name), and the
/// position in the underlying file exposed so progress is true for compressed input too.
/// </summary>
public sealed class TrackedFile : IDisposable
{
    private readonly FileStream _file;

    private TrackedFile(FileStream file, TextReader reader)
    {
        _file = file;
        Reader = reader;
    }

    public TextReader Reader { get; }

    public long Length => _file.Length;

    public long Position => _file.Position;

    public static TrackedFile Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return new TrackedFile(file, reader);
    }

    public void Dispose()
    {
        Reader.Dispose();
        _file.Dispose();
    }
}
