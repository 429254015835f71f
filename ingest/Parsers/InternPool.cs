using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// A small string intern table looked up by span, so repeated names and values (label names,
/// environments, currencies, regions) cost one allocation per distinct text instead of one per row.
/// Direct-mapped: a text takes over its hash slot, so memory is bounded and unique values (pod names,
/// resource ids) cost only a slot write rather than filling a table that must be cleared and collected.
/// Long texts are not interned (they are rarely repeated). Not thread-safe: one per parse.
/// </summary>
internal sealed class InternPool
{
    private const int Slots = 1 << 13;

    private readonly string?[] slots = new string?[Slots];
    private readonly int maxLength;

    public InternPool(int maxLength = 64) => this.maxLength = maxLength;

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
        ref var slot = ref slots[(int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text)) & (Slots - 1))];
        if (slot is not null && text.SequenceEqual(slot))
        {
            return slot;
        }
        return slot = text.ToString();
    }
}
