using System.Net;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// Grafana refused a request, with a message that says what to do about it (never the token). <see cref="Status"/> is
/// the HTTP status; <see cref="GrafanaStatus"/> Grafana's own reason on a 412 (<c>version-mismatch</c>,
/// <c>name-exists</c>, <c>plugin-dashboard</c>).
/// </summary>
public sealed class GrafanaApiException : Exception
{
    public GrafanaApiException()
    {
    }

    public GrafanaApiException(string message) : base(message)
    {
    }

    public GrafanaApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public GrafanaApiException(HttpStatusCode status, string? grafanaStatus, string message) : base(message)
    {
        Status = status;
        GrafanaStatus = grafanaStatus;
    }

    public HttpStatusCode Status { get; }

    public string? GrafanaStatus { get; }

    /// <summary>Auth failures stop the whole run: no other request can succeed with the same token.</summary>
    public bool IsAuthFailure => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
