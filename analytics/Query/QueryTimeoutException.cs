namespace Platform.Insights.Analytics.Query;

/// <summary>A query that ran past <c>Insights:Query:StatementTimeout</c> and was interrupted inside DuckDB.</summary>
public sealed class QueryTimeoutException : Exception
{
    public QueryTimeoutException()
    {
    }

    public QueryTimeoutException(string message) : base(message)
    {
    }

    public QueryTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public QueryTimeoutException(TimeSpan limit, Exception? innerException)
        : base($"the query ran longer than {QueryOptions.Section}:StatementTimeout ({Readable(limit)}) and was stopped; "
            + "narrow it (a time range, fewer rows joined) or raise the limit", innerException)
    {
        Limit = limit;
    }

    public TimeSpan? Limit { get; }

    /// <summary>"45s", "1m", "2m 30s", "1h".</summary>
    private static string Readable(TimeSpan t) =>
        t.TotalHours >= 1 ? (t.Minutes == 0 ? $"{(int)t.TotalHours}h" : $"{(int)t.TotalHours}h {t.Minutes}m")
        : t.TotalMinutes >= 1 ? (t.Seconds == 0 ? $"{(int)t.TotalMinutes}m" : $"{(int)t.TotalMinutes}m {t.Seconds}s")
        : $"{Math.Max(1, (int)Math.Round(t.TotalSeconds))}s";
}
