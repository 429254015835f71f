namespace Platform.Insights.Ingest.Parsers.PrometheusApi;

/// <summary>
/// Prometheus refused or failed a query: the HTTP status (0 when the body was unreadable on a 2xx) and the API's
/// <c>errorType</c>. 5xx and 429 are worth retrying; 400 (<c>bad_data</c>) is a bad query that will never succeed.
/// </summary>
public sealed class PrometheusApiException : Exception
{
    public PrometheusApiException(int statusCode, string? errorType, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    public PrometheusApiException()
    {
    }

    public PrometheusApiException(string message)
        : base(message)
    {
    }

    public PrometheusApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; }

    public string? ErrorType { get; }

    /// <summary>Worth retrying now: the server is down, overloaded or timed out.</summary>
    public bool IsTransient => StatusCode >= 500 || StatusCode == 429 || ErrorType is "timeout" or "canceled" or "unavailable" or "internal";

    /// <summary>The query itself is wrong (400 <c>bad_data</c>): retrying cannot help until the configuration changes.</summary>
    public bool IsBadQuery => StatusCode == 400 || (ErrorType == "bad_data" && !IsTransient);
}
