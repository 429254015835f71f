namespace Platform.Insights.Analytics.Cost;

/// <summary>The baseline period (<c>Insights:Cost:Baseline:From</c> / <c>To</c>, UTC days, [From, To)) that reductions are measured against.</summary>
public sealed class CostBaselineOptions
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public bool IsSet => From is not null && To is not null;

    internal IEnumerable<string> Validate(string key)
    {
        if ((From is null) != (To is null))
        {
            yield return $"{key}:From and {key}:To must both be set (or neither)";
        }
        else if (From is { } from && To is { } to && to <= from)
        {
            yield return $"{key}:To must be after {key}:From (the period is [From, To))";
        }
    }
}
