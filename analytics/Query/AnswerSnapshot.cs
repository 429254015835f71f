namespace Platform.Insights.Analytics.Query;

/// <summary>
/// One computed answer as served: its value, when its computation started (the data it reflects is the store as of
/// then), and whether it was served while a newer computation had not finished in time (<see cref="Stale"/>).
/// </summary>
public sealed record AnswerSnapshot<TValue>(TValue Value, DateTimeOffset ComputedAt, bool Stale)
{
    /// <summary>Whole seconds since <see cref="ComputedAt"/> at <paramref name="now"/> (HTTP's <c>Age</c>), never negative.</summary>
    public long AgeSeconds(DateTimeOffset now) => Math.Max(0, (long)(now - ComputedAt).TotalSeconds);
}
