using System.IO.Hashing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// Series the remote write decoder has already turned into strings, looked up by the raw protobuf bytes of their labels
/// (the <c>TimeSeries.labels</c> fields exactly as on the wire). A sender repeats the same label bytes for a series in
/// every request, so a hit skips what a series otherwise costs before its samples: the label rules, one string per
/// name and value, the label array and <see cref="SeriesIdentity.Compute"/> (and the service routing, kept beside it).
/// A hit needs the stored bytes to be equal, not just the hash, so a hash collision is a miss, never another series.
/// Only series that passed every label rule are kept, and a hit still checks the caller's label limits (a token's may be
/// tighter), so decoding with or without the cache gives the same series, ids and rejections.
/// Shared by concurrent requests; when it holds <c>capacity</c> series it is emptied and fills again (no series is
/// kept alive by a sender that stopped sending it for longer than that).
/// <para>
/// An open-addressing table of (hash, entry) slots, at most half full, read without locks: a lookup reads one slot's cache
/// line before the entry it needs anyway, where a <c>ConcurrentDictionary</c> read a bucket and then a node first — the
/// lookup was ~5 % of the receiver's CPU, mostly cache misses (BENCHMARKS.md §37). Adds (new series only) take a lock;
/// a filled slot never changes, and growing or emptying publishes a new array, so a reader sees either array whole.
/// </para>
/// </summary>
public sealed class SeriesCache
{
    private const int InitialSlots = 1024;
    private readonly int _capacity;
    private readonly int _maxSlots;
    private readonly KeyHash _hash;
    private readonly Lock _adding = new();
    private Slot[] _slots;
    private int _count;

    /// <summary>The hash of a series' raw label bytes; tests pass a weak one to force collisions.</summary>
    public delegate ulong KeyHash(ReadOnlySpan<byte> labelBytes);

    public SeriesCache(int capacity)
        : this(capacity, static bytes => XxHash3.HashToUInt64(bytes))
    {
    }

    public SeriesCache(int capacity, KeyHash hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _hash = hash;
        // Room for capacity series at half load: a probe always ends at an empty slot.
        _maxSlots = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
        _slots = new Slot[Math.Min(InitialSlots, _maxSlots)];
    }

    /// <summary>Series held now (at most the capacity).</summary>
    public int Count => Volatile.Read(ref _count);

    internal Entry? Find(ReadOnlySpan<byte> labelBytes)
    {
        var hash = _hash(labelBytes);
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            // The entry is published after its hash: a reader that sees the entry sees the hash written before it.
            var entry = Volatile.Read(ref slot.Entry);
            if (entry is null)
            {
                return null;
            }
            if (slot.Hash == hash)
            {
                return labelBytes.SequenceEqual(entry.LabelBytes) ? entry : null;
            }
        }
    }

    /// <summary>
    /// Keeps a valid series and returns its entry; when its hash is already taken by other bytes (a collision) that
    /// series stays and the entry returned is not kept.
    /// </summary>
    internal Entry Add(ReadOnlySpan<byte> labelBytes, SeriesSamples series, int labelCount, int longestLabel)
    {
        var entry = new Entry(labelBytes.ToArray(), series.Metric, series.Labels, series.SeriesId, labelCount, longestLabel);
        var hash = _hash(labelBytes);
        lock (_adding)
        {
            var slots = _slots;
            if (_count >= _capacity)
            {
                // Emptied rather than evicted one by one: cheap, and a sender's live series are back after one request each.
                slots = new Slot[slots.Length];
                _count = 0;
            }
            else if ((_count + 1) * 2 > slots.Length && slots.Length < _maxSlots)
            {
                slots = Grown(slots);
            }
            var mask = slots.Length - 1;
            var i = (int)hash & mask;
            for (; slots[i].Entry is not null; i = (i + 1) & mask)
            {
                if (slots[i].Hash == hash)
                {
                    Volatile.Write(ref _slots, slots);
                    return entry;
                }
            }
            slots[i].Hash = hash;
            Volatile.Write(ref slots[i].Entry, entry);
            Volatile.Write(ref _slots, slots);
            Volatile.Write(ref _count, _count + 1);
        }
        return entry;
    }

    private static Slot[] Grown(Slot[] slots)
    {
        var grown = new Slot[slots.Length * 2];
        var mask = grown.Length - 1;
        foreach (var slot in slots)
        {
            if (slot.Entry is null)
            {
                continue;
            }
            var i = (int)slot.Hash & mask;
            while (grown[i].Entry is not null)
            {
                i = (i + 1) & mask;
            }
            grown[i] = slot;
        }
        return grown;
    }

    private struct Slot
    {
        public ulong Hash;
        public Entry? Entry;
    }

    /// <summary>One known series: its label bytes, strings and id, and what the label limits need.</summary>
    internal sealed class Entry(byte[] labelBytes, string metric, Label[] labels, ulong seriesId, int labelCount, int longestLabel)
    {
        public byte[] LabelBytes { get; } = labelBytes;

        public string Metric { get; } = metric;

        public Label[] Labels { get; } = labels;

        public ulong SeriesId { get; } = seriesId;

        /// <summary>Labels on the wire, <c>__name__</c> included (what <c>MaxLabelsPerSeries</c> counts).</summary>
        public int LabelCount { get; } = labelCount;

        /// <summary>The longest label name or value in UTF-8 bytes (what <c>MaxLabelBytes</c> limits).</summary>
        public int LongestLabel { get; } = longestLabel;

        /// <summary>The service this series routes to, once the receiver has asked (routing is fixed for the process).</summary>
        public string? Service { get; set; }

        public bool Within(WriteRequestLimits limits) => LabelCount <= limits.MaxLabelsPerSeries && LongestLabel <= limits.MaxLabelBytes;
    }
}
