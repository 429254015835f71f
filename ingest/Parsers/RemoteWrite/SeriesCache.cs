using System.Collections.Concurrent;
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
/// </summary>
public sealed class SeriesCache
{
    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();
    private readonly int _capacity;
    private readonly KeyHash _hash;
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
    }

    /// <summary>Series held now (at most the capacity).</summary>
    public int Count => Volatile.Read(ref _count);

    internal Entry? Find(ReadOnlySpan<byte> labelBytes)
    {
        return _entries.TryGetValue(_hash(labelBytes), out var entry) && labelBytes.SequenceEqual(entry.LabelBytes) ? entry : null;
    }

    /// <summary>
    /// Keeps a valid series and returns its entry; when the slot is already taken by other bytes (a collision) that
    /// series stays and the entry returned is not kept.
    /// </summary>
    internal Entry Add(ReadOnlySpan<byte> labelBytes, SeriesSamples series, int labelCount, int longestLabel)
    {
        var entry = new Entry(labelBytes.ToArray(), series.Metric, series.Labels, series.SeriesId, labelCount, longestLabel);
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            // Emptied rather than evicted one by one: cheap, and a sender's live series are back after one request each.
            _entries.Clear();
            Volatile.Write(ref _count, 1);
        }
        if (!_entries.TryAdd(_hash(labelBytes), entry))
        {
            Interlocked.Decrement(ref _count);
        }
        return entry;
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
