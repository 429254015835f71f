namespace Platform.Insights.Demo.Writing;

/// <summary>
/// One file being written: lines go into <see cref="Buffer"/> and are drained to disk whenever it passes
/// a chunk size, so no file is ever held in memory whole. Reports progress every million lines and at the end.
/// </summary>
internal sealed class OutputFile : IAsyncDisposable
{
    private const int ChunkBytes = 1 << 18;
    private const long ProgressEveryLines = 1_000_000;

    private readonly FileStream _stream;
    private readonly IProgress<DemoProgress>? _progress;
    private long _bytes;
    private long _nextProgress = ProgressEveryLines;

    public OutputFile(string root, string relativePath, DemoFileKind kind, IProgress<DemoProgress>? progress)
    {
        RelativePath = relativePath;
        Kind = kind;
        _progress = progress;
        var fullPath = Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _stream = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);
    }

    public string RelativePath { get; }

    public DemoFileKind Kind { get; }

    public LineBuffer Buffer { get; } = new();

    public long Lines => Buffer.Lines;

    public long Bytes => _bytes + Buffer.Length;

    public async ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (Buffer.Length >= ChunkBytes)
        {
            await DrainAsync(cancellationToken);
        }
        if (Buffer.Lines >= _nextProgress)
        {
            _nextProgress += ProgressEveryLines;
            _progress?.Report(new DemoProgress(RelativePath, Kind, Buffer.Lines, false));
        }
    }

    /// <summary>Writes what is left and closes the file.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        await _stream.DisposeAsync();
        _progress?.Report(new DemoProgress(RelativePath, Kind, Buffer.Lines, true));
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (Buffer.Length == 0)
        {
            return;
        }
        await _stream.WriteAsync(Buffer.Written, cancellationToken);
        _bytes += Buffer.Length;
        Buffer.Clear();
    }
}
