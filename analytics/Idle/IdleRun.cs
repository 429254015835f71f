namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// One complete detection run: when it read the store (<see cref="StartedAt"/>, from which a finding's age and the
/// staleness bound count), the data's "as of" its windows end at, and the store state it read (<see cref="DataMark"/>).
/// </summary>
public sealed record IdleRun(string RunId, DateTime StartedAt, DateTime CompletedAt, DateTime AsOf, string DataMark, string DefinitionVersion, long Resources)
{
    /// <summary>How old this run's findings are at <paramref name="now"/>.</summary>
    public TimeSpan AgeAt(DateTime now) => now - StartedAt;

    /// <summary>Served past the staleness bound because no newer run could be computed: none of its findings is actionable.</summary>
    public bool Stale { get; init; }
}
