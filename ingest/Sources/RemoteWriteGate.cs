using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The remote write receiver's in-flight limit (<c>Insights:Ingest:RemoteWrite:MaxConcurrentRequests</c>): a request
/// enters before its body is read and leaves once it is stored, so a refused request costs neither the read of up to
/// <c>MaxCompressedBytes</c> nor its decoded samples. Kestrel accepts any number of connections; this is what bounds
/// the receiver's memory when senders outrun the store. A refusal is counted
/// (<c>insights_remote_write_requests_refused_total</c>) and answered 503 + <c>Retry-After</c>, which Prometheus retries.
/// </summary>
public sealed class RemoteWriteGate(IOptions<RemoteWriteOptions> options, RemoteWriteMeters meters)
{
    private readonly int _limit = options.Value.MaxConcurrentRequests;
    private int _inFlight;

    /// <summary>Requests inside the gate now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>What a refused sender is told.</summary>
    public string RefusalMessage =>
        $"more than {_limit} remote-write requests in flight ({RemoteWriteOptions.Section}:MaxConcurrentRequests); retry later";

    /// <summary>Takes a place, or counts a refusal and returns false; every true is paired with one <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        meters.Refused();
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
