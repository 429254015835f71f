namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// One shared cost pool (networking, support, a shared cluster): the rows it matches are split across the teams
/// that have direct cost in the same billing period and currency, evenly or in proportion to that cost.
/// </summary>
public sealed class SharedCostRule
{
    /// <summary>The pool's name; split rows get the service <c>shared:NAME</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the rule matches: <see cref="SharedCostMatch"/>.</summary>
    public SharedCostMatch Match { get; set; } = SharedCostMatch.Tag;

    /// <summary>The tag key (for <see cref="SharedCostMatch.Tag"/>).</summary>
    public string? Key { get; set; }

    /// <summary>The tag value, FOCUS ServiceName, allocated service or account id the row must have.</summary>
    public string Value { get; set; } = "";

    public SharedCostSplit Split { get; set; } = SharedCostSplit.Proportional;

    internal IEnumerable<string> Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{key}:Name is required";
        }
        if (string.IsNullOrWhiteSpace(Value))
        {
            yield return $"{key}:Value is required";
        }
        if (Match == SharedCostMatch.Tag && string.IsNullOrWhiteSpace(Key))
        {
            yield return $"{key}:Key (the tag key) is required when Match is Tag";
        }
    }
}
