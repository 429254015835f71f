namespace Platform.Insights.Analytics.Productivity;

/// <summary>A fixed baseline period (<c>…:Baseline:From</c> / <c>To</c>, UTC days, [From, To)) that trends are measured against.</summary>
public sealed class BaselinePeriodOptions
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>The configured period, or the one of the window's length just before it.</summary>
    public (DateTime From, DateTime To) For(DateTime windowFrom, DateTime windowTo) =>
        From is { } from && To is { } to
            ? (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
            : (windowFrom - (windowTo - windowFrom), windowFrom);

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
