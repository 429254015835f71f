namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Splits a pull window into <c>query_range</c> requests of at most a given number of points per series (Prometheus
/// refuses more than 11,000), with evaluation times on multiples of the step since the Unix epoch, so every pull of a
/// query, resumed or repeated, evaluates at the same instants and re-fetched points are exact duplicates.
/// </summary>
public static class QueryRangePlan
{
    public static long AlignUp(long ms, long stepMs)
    {
        var down = AlignDown(ms, stepMs);
        return down == ms ? ms : down + stepMs;
    }

    public static long AlignDown(long ms, long stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        var remainder = ms % stepMs;
        return remainder >= 0 ? ms - remainder : ms - remainder - stepMs;
    }

    /// <summary>The requests covering [<paramref name="startMs"/>, <paramref name="endMs"/>]; none when end is before start.</summary>
    public static IEnumerable<QueryRangeChunk> Chunks(long startMs, long endMs, long stepMs, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        for (var start = startMs; start <= endMs; start += (long)maxPoints * stepMs)
        {
            var points = (int)Math.Min(maxPoints, (endMs - start) / stepMs + 1);
            yield return new QueryRangeChunk(start, start + (points - 1) * stepMs, points);
        }
    }

    /// <summary>How many requests <see cref="Chunks"/> makes.</summary>
    public static int Count(long startMs, long endMs, long stepMs, int maxPoints) =>
        endMs < startMs ? 0 : (int)(((endMs - startMs) / stepMs + 1 + maxPoints - 1) / maxPoints);
}
