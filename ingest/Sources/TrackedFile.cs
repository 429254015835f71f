using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// A file opened for streaming import through <see cref="InputFile"/> (gzip by magic bytes), keeping the
/// underlying file's position so progress is true for compressed input too.
/// </summary>
public sealed class TrackedFile : IDisposable
{
    private readonly FileStream _file;

    private TrackedFile(FileStream file)
    {
        _file = file;
        Reader = InputFile.OpenText(file);
    }

    public TextReader Reader { get; }

    /// <summary>The file's bytes as stored (not decompressed), for binary formats that seek, such as Parquet; read it or <see cref="Reader"/>, not both.</summary>
    public Stream Stored => _file;

    public long Length => _file.Length;

    public long Position => _file.Position;

    public static TrackedFile Open(string path) => new(InputFile.OpenFile(path));

    public void Dispose()
    {
        Reader.Dispose();
        _file.Dispose();
    }
}
