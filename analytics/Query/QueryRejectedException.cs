namespace Platform.Insights.Analytics.Query;

/// <summary>A query refused before it ran (not read-only, empty, several statements).</summary>
public sealed class QueryRejectedException : Exception
{
    public QueryRejectedException()
    {
    }

    public QueryRejectedException(string message) : base(message)
    {
    }

    public QueryRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
