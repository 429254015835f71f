namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// A bounded memory of recently seen event ids: a fast path that drops obvious replays before they reach
/// the store, which stays the final word on duplicates. Oldest ids are forgotten first.
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Add(string id)
    {
        if (!_ids.Add(id))
        {
            return false;
        }
        _order.Enqueue(id);
        while (_order.Count > capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
        return true;
    }

    public void Remove(string id) => _ids.Remove(id);
}
