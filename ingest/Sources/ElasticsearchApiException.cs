namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Elasticsearch refused or failed a request: the HTTP status (0 when no answer came) and the error's <c>type</c> (its
/// root cause's when there is one, e.g. <c>search_context_missing_exception</c>, <c>security_exception</c>), or a page
/// whose shards partly failed (<see cref="ShardFailures"/> &gt; 0).
/// </summary>
public sealed class ElasticsearchApiException : Exception
{
    public ElasticsearchApiException(int statusCode, string? errorType, string message, int shardFailures = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ShardFailures = shardFailures;
    }

    public ElasticsearchApiException()
    {
    }

    public ElasticsearchApiException(string message)
        : base(message)
    {
    }

    public ElasticsearchApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; }

    public string? ErrorType { get; }

    /// <summary>Shards that failed on an otherwise answered page (<c>_shards.failed</c>).</summary>
    public int ShardFailures { get; }

    /// <summary>The point in time expired or was closed (404 <c>search_context_missing_exception</c>): open a new one.</summary>
    public bool IsPointInTimeMissing =>
        ErrorType is "search_context_missing_exception" || (StatusCode == 404 && Message.Contains("search_context_missing", StringComparison.Ordinal));

    /// <summary>The <see cref="ErrorType"/> of a TLS handshake that failed (an untrusted or mismatched certificate).</summary>
    public const string TlsErrorType = "tls_handshake";

    /// <summary>The server's certificate was not accepted: a configuration problem, not worth retrying.</summary>
    public bool IsTls => ErrorType == TlsErrorType;

    /// <summary>Worth retrying now: no answer, 5xx, 429, or some shards failed (a retried page may get them all).</summary>
    public bool IsTransient => !IsPointInTimeMissing && !IsTls && (StatusCode == 0 || StatusCode >= 500 || StatusCode == 429 || ShardFailures > 0);

    /// <summary>Credentials missing or refused (401) or not allowed to read the indices (403): retrying cannot help.</summary>
    public bool IsAuthentication => StatusCode is 401 or 403;
}
