namespace Platform.Insights.Ingest.Records;

/// <summary>
/// Hands out slices of large shared byte arrays for short UTF-8 texts that live as long as a batch of rows (a CUR
/// Parquet row's extras JSON). One array per text would be a small object per row that survives gen0 with its batch
/// and is then copied by the GC; chunks of <see cref="ChunkBytes"/> go to the large object heap, are not zeroed and are
/// never moved, and are freed with the last row that points into them.
/// </summary>
public sealed class Utf8Arena
{
    /// <summary>Size of each shared array (large object heap: at least 85,000 bytes).</summary>
    public const int ChunkBytes = 1 << 20;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>A writable slice of <paramref name="length"/> bytes that no other call returns.</summary>
    public Memory<byte> Take(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > ChunkBytes / 4)
        {
            // A rare long text gets its own array rather than wasting most of a chunk.
            return GC.AllocateUninitializedArray<byte>(length);
        }
        if (_chunk.Length - _used < length)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
            _used = 0;
        }
        var slice = _chunk.AsMemory(_used, length);
        _used += length;
        return slice;
    }
}
