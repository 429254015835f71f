using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// Why one attempt at an upstream failed, as <c>insights_upstream_failures_total</c> labels it, and whether it is worth
/// another try (and counts towards the breaker): timeouts, connection errors, 5xx and 429 are; any other 4xx is not —
/// a bad token, permission or request does not get better by asking again, and it says nothing about the upstream's health.
/// </summary>
public readonly record struct UpstreamFailure(string Reason, bool Transient)
{
    public static readonly UpstreamFailure Timeout = new("timeout", true);
    public static readonly UpstreamFailure Unreachable = new("unreachable", true);
    public static readonly UpstreamFailure ServerError = new("server_error", true);
    public static readonly UpstreamFailure Throttled = new("throttled", true);
    public static readonly UpstreamFailure Rejected = new("rejected", false);

    /// <summary>The reason a call refused by an open breaker is counted under.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>
    /// Classifies an attempt's outcome: <paramref name="own"/> first (the upstream client's own exception types), then
    /// HTTP answers and the transport's exceptions. Null: not a failure of the upstream (a success, or e.g. the store).
    /// </summary>
    public static UpstreamFailure? Of(Outcome<object> outcome, Func<Exception, UpstreamFailure?>? own)
    {
        if (outcome.Exception is { } e)
        {
            return own?.Invoke(e) ?? OfException(e);
        }
        return outcome.Result is HttpResponseMessage response ? OfStatus(response.StatusCode) : null;
    }

    public static UpstreamFailure? OfStatus(HttpStatusCode status) => (int)status switch
    {
        429 => Throttled,
        408 => Timeout,
        >= 500 => ServerError,
        >= 400 => Rejected,
        _ => null,
    };

    private static UpstreamFailure? OfException(Exception e) => e switch
    {
        TimeoutRejectedException or TimeoutException => Timeout,
        // HttpClient.Timeout surfaces as a cancellation whose inner exception is a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => Timeout,
        HttpRequestException or SocketException or IOException => Unreachable,
        _ => null,
    };
}
