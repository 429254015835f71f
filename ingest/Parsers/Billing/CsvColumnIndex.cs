namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Finds header columns by a loose key: letters and digits only, lower-cased, so <c>lineItem/UnblendedCost</c>
/// and <c>line_item_unblended_cost</c> (AWS legacy and CUR 2.0 / Athena) or <c>CostInBillingCurrency</c> and
/// <c>costInBillingCurrency</c> (Azure EA and MCA) are the same column. The first column with a key wins.
/// </summary>
internal sealed class CsvColumnIndex
{
    private readonly Dictionary<string, int> byKey = new(StringComparer.Ordinal);

    public CsvColumnIndex(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            byKey.TryAdd(Key(header[i]), i);
        }
    }

    public bool Contains(string name) => byKey.ContainsKey(Key(name));

    /// <summary>The index of the first of <paramref name="names"/> present, or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (byKey.TryGetValue(Key(name), out var index))
            {
                return index;
            }
        }
        return -1;
    }

    /// <summary>Like <see cref="Find"/>, but records the first name as missing when none is present.</summary>
    public int Require(List<string> missing, params ReadOnlySpan<string> names)
    {
        var index = Find(names);
        if (index < 0)
        {
            missing.Add(names[0]);
        }
        return index;
    }

    private static string Key(string name)
    {
        Span<char> key = stackalloc char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                key[length++] = char.ToLowerInvariant(c);
            }
        }
        return new string(key[..length]);
    }
}
