namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// A bounded string intern table looked up by span, so repeated names and values (label names,
/// environments, currencies, regions) cost one allocation per distinct text instead of one per row.
/// Long texts are not interned (they are rarely repeated) and the table is cleared when full so memory
/// stays bounded on high-cardinality input. Not thread-safe: one per parse.
/// </summary>
internal sealed class InternPool
{
    private readonly Dictionary<string, string> table;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly int maxLength;
    private readonly int capacity;

    public InternPool(int maxLength = 64, int capacity = 16_384)
    {
        table = new Dictionary<string, string>(StringComparer.Ordinal);
        lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        this.maxLength = maxLength;
        this.capacity = capacity;
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "";
        }
        if (text.Length > maxLength)
        {
            return text.ToString();
        }
        if (lookup.TryGetValue(text, out var found))
        {
            return found;
        }
        if (table.Count >= capacity)
        {
            table.Clear();
        }
        var created = text.ToString();
        table[created] = created;
        return created;
    }
}
