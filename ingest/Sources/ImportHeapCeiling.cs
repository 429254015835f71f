namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Caps the garbage a file import lets pile up between two garbage collections. The runtime sizes its young generation
/// from the CPU's reported L3 cache and lets it grow while much survives (an import's batches do); on a VM reporting
/// 260 MiB of L3 that was 70–130 MiB of dead parse output at a time, and the longer the file the higher the peak it
/// reached (BENCHMARKS.md §28). Nothing an import keeps grows with the file; this keeps what it throws away from
/// growing too. Every <see cref="RecordsPerCheck"/> records it looks at what the process allocated since the last
/// collection and, past <see cref="DefaultBytes"/>, collects the young generations. When the runtime collects within
/// the ceiling by itself (a machine with an ordinary cache) it never does. One per import pass; not thread-safe.
/// </summary>
internal sealed class ImportHeapCeiling
{
    /// <summary>Allocation between collections: about what the runtime's own budget is on a CPU with a 32 MiB L3 cache.</summary>
    public const long DefaultBytes = 16L << 20;

    /// <summary>Records between two looks at the allocation counter (a look costs about as much as parsing a short line).</summary>
    public const int RecordsPerCheck = 1_024;

    private readonly long _bytes;
    private readonly Func<long> _allocated;
    private readonly Func<int> _collections;
    private readonly Action _collect;
    private long _allocatedAtCollection;
    private int _collectionsSeen;
    private int _records;

    public ImportHeapCeiling()
        : this(DefaultBytes, static () => GC.GetTotalAllocatedBytes(precise: false), static () => GC.CollectionCount(0),
            // Gen 1 as well: an import's batches outlive gen 0, so its garbage is mostly in gen 1 by the time it dies.
            static () => GC.Collect(1, GCCollectionMode.Forced, blocking: true))
    {
    }

    /// <param name="bytes">The ceiling.</param>
    /// <param name="allocated">Bytes the process has allocated so far.</param>
    /// <param name="collections">Collections of gen 0 so far (every collection counts there).</param>
    /// <param name="collect">Collects the young generations.</param>
    internal ImportHeapCeiling(long bytes, Func<long> allocated, Func<int> collections, Action collect)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        _bytes = bytes;
        _allocated = allocated;
        _collections = collections;
        _collect = collect;
        _allocatedAtCollection = allocated();
        _collectionsSeen = collections();
    }

    /// <summary>Collections this ceiling asked for.</summary>
    public int Collected { get; private set; }

    /// <summary>Called once per record read.</summary>
    public void Record()
    {
        if (++_records < RecordsPerCheck)
        {
            return;
        }
        _records = 0;
        var allocated = _allocated();
        var collections = _collections();
        if (collections != _collectionsSeen)
        {
            // The runtime collected since the last look: count from here.
            _collectionsSeen = collections;
            _allocatedAtCollection = allocated;
            return;
        }
        if (allocated - _allocatedAtCollection < _bytes)
        {
            return;
        }
        _collect();
        Collected++;
        _collectionsSeen = _collections();
        _allocatedAtCollection = _allocated();
    }
}
