namespace Platform.Insights.Ingest.Parsers.PrometheusApi;

/// <summary>
/// A Prometheus HTTP API answer (<c>status</c>, <c>data.resultType</c>, <c>data.result</c>, <c>warnings</c>,
/// <c>errorType</c> / <c>error</c>). A scalar result is one series without labels.
/// </summary>
public sealed record PrometheusResponse(
    string Status,
    string? ResultType,
    IReadOnlyList<PrometheusSeries> Series,
    IReadOnlyList<string> Warnings,
    string? ErrorType,
    string? Error)
{
    public bool IsSuccess => Status == "success";

    public long Points => Series.Sum(s => (long)s.TimestampsMs.Length);
}
