using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// A bounded memory of recently seen event ids: a fast path that drops obvious replays (a resent batch) before they
/// reach the store, which stays the final word on duplicates. Oldest ids are forgotten first. Ids are kept as
/// 128-bit XxHash128 digests, not strings: a few dozen bytes per id instead of a few hundred, and a collision (which
/// would drop a new event) is beyond any realistic volume (p ≈ n² / 2¹²⁹).
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<UInt128> _ids = [];
    private readonly Queue<UInt128> _order = new();

    public bool Add(string id)
    {
        var digest = Digest(id);
        if (!_ids.Add(digest))
        {
            return false;
        }
        _order.Enqueue(digest);
        while (_order.Count > capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
        return true;
    }

    public void Remove(string id) => _ids.Remove(Digest(id));

    private static UInt128 Digest(string id) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));
}
