namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Where a pulled query stopped: the last evaluation time stored (Unix ms) for this expression and step. A different
/// expression or step starts over from the backfill window.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueryCheckpoint(
    [property: Id(0)] string Expr,
    [property: Id(1)] long StepMs,
    [property: Id(2)] long LastEvaluatedMs,
    [property: Id(3)] DateTimeOffset UpdatedAt)
{
    public bool Matches(string expr, long stepMs) => Expr == expr && StepMs == stepMs;
}
