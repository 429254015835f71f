using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Prometheus remote write 1.0: decompresses (snappy block) and decodes a <c>WriteRequest</c>, splits its series by
/// service (<see cref="ServiceRouting"/>; no service label → <c>_unmapped</c>, counted) and sends one
/// <see cref="IServiceGrain.IngestSeriesAsync"/> call per service, in parallel. Samples stay columns
/// (<see cref="SeriesSamples"/>: one object and two arrays per series) from the decoder to the store writer; a series
/// with no stale marker and no future sample is passed on as decoded, without a copy.
/// <list type="bullet">
/// <item>Invalid series (the spec's label rules, this receiver's label limits) and samples stamped more than
/// <c>MaxFutureSkew</c> ahead are rejected alone: the valid rest is stored and the answer is 400 naming the rejected
/// ones — the 1.0 spec: "Receivers MAY ingest valid samples within a write request that otherwise contains invalid
/// samples. Receivers MUST return a HTTP 400", which Prometheus's own receiver also does for invalid label sets.</item>
/// <item>Stale markers (NaN <c>0x7ff0000000000002</c>) are legal but are not values: they are dropped and counted as
/// <c>stale_marker</c>, not an error — storing them would turn every average over the store into NaN, and
/// Prometheus's own <c>count_over_time</c> does not count them either. Other NaN and ±Inf values are stored.</item>
/// <item>Out-of-order and duplicate samples are dropped by the grains' per-series watermarks and counted
/// (<c>duplicate</c>); they are not errors, so a sender's retry after a partial failure (5xx) is safe.</item>
/// <item>When the store writer's queue is fuller than <c>BackPressureQueueFill</c> the request is refused before it is
/// read (<see cref="RemoteWriteStatus.Overloaded"/>: 503 + Retry-After, which Prometheus retries). Once accepted, a
/// request is stored in full: the grain calls are not cancelled by the client leaving, since a half-cancelled write is
/// the one way the grains' watermarks could disagree with what the store committed.</item>
/// <item>How many requests are read, decoded and stored at once is <see cref="RemoteWriteGate"/>'s business: the HTTP
/// endpoint enters it before reading the body, so a refused request is never read.</item>
/// </list>
/// </summary>
public sealed partial class RemoteWriteSource(
    IGrainFactory grains,
    ServiceRouting routing,
    IngestMeters ingestMeters,
    RemoteWriteMeters meters,
    IOptions<RemoteWriteOptions> options,
    TimeProvider time,
    ILogger<RemoteWriteSource> logger,
    IWriteBackPressure? backPressure = null)
{
    private const long StaleMarkerBits = 0x7ff0000000000002;
    private const int RejectionsNamed = 5;
    private const int MaxServiceGrains = 100_000;
    private readonly RemoteWriteOptions _options = options.Value;
    private readonly WriteRequestLimits _limits = WriteRequestLimits.From(options.Value);
    private readonly SeriesCache? _known = options.Value.SeriesCacheSize > 0 ? new SeriesCache(options.Value.SeriesCacheSize) : null;

    /// <summary>
    /// Grain references by service, made once: <c>GetGrain</c> resolves the interface's grain type through its attributes
    /// (reflection) and builds a new proxy on every call, ~2.5 % of the receiver's CPU in shape B (BENCHMARKS.md §37).
    /// </summary>
    private readonly ConcurrentDictionary<string, IServiceGrain> _serviceGrains = new(StringComparer.Ordinal);

    public RemoteWriteOptions Options => _options;

    /// <summary>True when the store writer's queue is too full to take another request now.</summary>
    public bool IsBehind => backPressure is not null && backPressure.QueueFill >= _options.BackPressureQueueFill;

    /// <summary>Stores one snappy-compressed <c>WriteRequest</c> body.</summary>
    public Task<RemoteWriteResult> WriteAsync(ReadOnlyMemory<byte> compressed, CancellationToken cancellationToken) =>
        WriteAsync(compressed, null, cancellationToken);

    /// <summary>Stores one body under <paramref name="limits"/> (a sender's own, tighter limits; the configured ones when null).</summary>
    public Task<RemoteWriteResult> WriteAsync(ReadOnlyMemory<byte> compressed, WriteRequestLimits? limits, CancellationToken cancellationToken)
    {
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<RemoteWriteResult>(cancellationToken)
            : WriteDecodedAsync(compressed, limits);
    }

    private async Task<RemoteWriteResult> WriteDecodedAsync(ReadOnlyMemory<byte> compressed, WriteRequestLimits? limits)
    {
        DecodedWriteRequest request;
        try
        {
            request = Decode(compressed.Span, limits ?? _limits);
        }
        catch (RemoteWriteFormatException e)
        {
            ingestMeters.Failed(ImportKinds.Metrics, "remote_write");
            LogRejectedBody(logger, e.Message);
            return new RemoteWriteResult(RemoteWriteStatus.BadRequest, e.Message);
        }
        catch (RemoteWriteTooLargeException e)
        {
            ingestMeters.Failed(ImportKinds.Metrics, "remote_write");
            LogRejectedBody(logger, e.Message);
            return new RemoteWriteResult(RemoteWriteStatus.TooLarge, e.Message);
        }

        var splitStarted = time.GetTimestamp();
        meters.Received(request.Samples);
        ingestMeters.Received(ImportKinds.Metrics, "remote_write", request.Samples);
        var rejections = request.Rejections;
        var byService = Split(request, rejections, out var stale);
        foreach (var group in rejections.GroupBy(r => r.Reason, StringComparer.Ordinal))
        {
            meters.Dropped(group.Key, group.Sum(r => (long)r.Samples));
        }
        meters.Dropped(SeriesRejectReasons.StaleMarker, stale);
        var rejected = rejections.Sum(r => (long)r.Samples);
        // By reason, as every other source counts them (e.g. too_far_in_future for a skewed clock).
        ingestMeters.Rejected(ImportKinds.Metrics, rejections.GroupBy(r => r.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Samples), StringComparer.Ordinal));

        meters.Stage("split", time.GetElapsedTime(splitStarted));
        var storeStarted = time.GetTimestamp();
        IngestResult stored;
        try
        {
            // Not cancelled by the caller: see the class remarks.
            var calls = byService.Select(pair => GrainOf(pair.Key).IngestSeriesAsync([.. pair.Value], CancellationToken.None));
            stored = (await Task.WhenAll(calls)).Aggregate(default(IngestResult), IngestResult.Add);
        }
        catch (Exception e)
        {
            ingestMeters.Failed(ImportKinds.Metrics, "remote_write");
            LogStoreFailed(logger, e, byService.Count);
            // A full or read-only data directory: 503 + Retry-After, so Prometheus backs off and resends (nothing of it was stored).
            if (backPressure?.Unwritable is not null || StoreWriteFailure.IsFileSystem(e))
            {
                return new RemoteWriteResult(RemoteWriteStatus.Overloaded, $"the store cannot be written now, retry later: {e.Message}", request.Samples);
            }
            return new RemoteWriteResult(RemoteWriteStatus.Failed, $"storing failed, retry: {e.Message}", request.Samples);
        }
        meters.Stage("store", time.GetElapsedTime(storeStarted));
        meters.Stored(stored.Stored);
        meters.Dropped(SeriesRejectReasons.Duplicate, stored.Duplicates);
        var dropped = rejected + stale + stored.Duplicates;

        if (rejections.Count == 0)
        {
            return new RemoteWriteResult(RemoteWriteStatus.Stored, "", request.Samples, stored.Stored, dropped);
        }
        var message = Describe(rejections, rejected, stored.Stored);
        LogRejectedSeries(logger, rejections.Count, rejected, message);
        return new RemoteWriteResult(RemoteWriteStatus.BadRequest, message, request.Samples, stored.Stored, dropped);
    }

    private IServiceGrain GrainOf(string service)
    {
        if (_serviceGrains.TryGetValue(service, out var grain))
        {
            return grain;
        }
        grain = grains.GetGrain<IServiceGrain>(service);
        // Bounded: services come from the senders' labels.
        if (_serviceGrains.Count < MaxServiceGrains)
        {
            _serviceGrains.TryAdd(service, grain);
        }
        return grain;
    }

    private DecodedWriteRequest Decode(ReadOnlySpan<byte> compressed, WriteRequestLimits limits)
    {
        var started = time.GetTimestamp();
        var (buffer, length) = SnappyBlock.Decompress(compressed, _options.MaxDecodedBytes);
        try
        {
            meters.Bytes(compressed.Length, length);
            var parseStarted = time.GetTimestamp();
            meters.Stage("snappy", time.GetElapsedTime(started, parseStarted));
            var request = WriteRequestReader.Read(buffer.AsSpan(0, length), limits, _known);
            meters.Stage("protobuf", time.GetElapsedTime(parseStarted));
            return request;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Drops stale markers, rejects future samples (adding to <paramref name="rejections"/>), groups the rest by service.</summary>
    private Dictionary<string, List<SeriesSamples>> Split(DecodedWriteRequest request, List<SeriesRejection> rejections, out long stale)
    {
        var latest = time.GetUtcNow().Add(_options.MaxFutureSkew).ToUnixTimeMilliseconds();
        var byService = new Dictionary<string, List<SeriesSamples>>(StringComparer.Ordinal);
        long unmapped = 0;
        stale = 0;
        foreach (var decoded in request.Series)
        {
            var series = decoded.Columns;
            var (kept, staleMarkers, future) = Keep(series, latest);
            stale += staleMarkers;
            if (future > 0)
            {
                rejections.Add(new SeriesRejection(SeriesRejectReasons.TooFarInFuture, SeriesIdentity.Canonical(series.Metric, series.Labels), future));
            }
            if (kept is null)
            {
                continue;
            }
            // A known series keeps its service: the routing labels are fixed for the process.
            var service = decoded.Known?.Service ?? routing.ServiceOf(series.Labels);
            if (decoded.Known is { Service: null } known)
            {
                known.Service = service;
            }
            if (!byService.TryGetValue(service, out var list))
            {
                byService[service] = list = [];
            }
            list.Add(kept);
            if (service == ServiceRouting.Unmapped)
            {
                unmapped += kept.Count;
            }
        }
        meters.Unmapped(unmapped);
        return byService;
    }

    /// <summary>The series without stale markers and samples after <paramref name="latest"/>: itself when it has none (the common case), null when nothing is left.</summary>
    private static (SeriesSamples? Kept, int Stale, int Future) Keep(SeriesSamples series, long latest)
    {
        var timestamps = series.TimestampsMs;
        var values = series.Values;
        var stale = 0;
        var future = 0;
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(values[i]) == StaleMarkerBits)
            {
                stale++;
            }
            else if (timestamps[i] > latest)
            {
                future++;
            }
        }
        var keep = timestamps.Length - stale - future;
        if (keep == timestamps.Length)
        {
            return (series, 0, 0);
        }
        if (keep == 0)
        {
            return (null, stale, future);
        }
        var keptTimestamps = new long[keep];
        var keptValues = new double[keep];
        var next = 0;
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(values[i]) != StaleMarkerBits && timestamps[i] <= latest)
            {
                keptTimestamps[next] = timestamps[i];
                keptValues[next++] = values[i];
            }
        }
        return (series with { TimestampsMs = keptTimestamps, Values = keptValues }, stale, future);
    }

    private string Describe(List<SeriesRejection> rejections, long rejected, long stored)
    {
        var text = new StringBuilder();
        text.Append($"{rejected} samples of {rejections.Count} series rejected ({stored} other samples stored): ");
        foreach (var (rejection, i) in rejections.Take(RejectionsNamed).Select((r, i) => (r, i)))
        {
            text.Append(i > 0 ? "; " : "").Append(Explain(rejection.Reason)).Append(' ').Append(rejection.Series);
        }
        if (rejections.Count > RejectionsNamed)
        {
            text.Append($"; and {rejections.Count - RejectionsNamed} more");
        }
        return text.ToString();
    }

    private string Explain(string reason) => reason switch
    {
        SeriesRejectReasons.MissingMetricName => "no __name__ label in",
        SeriesRejectReasons.UnsortedLabels => "label names not sorted in",
        SeriesRejectReasons.DuplicateLabelName => "repeated label name in",
        SeriesRejectReasons.EmptyLabel => "empty label name or value in",
        SeriesRejectReasons.InvalidLabelName => "invalid label name in",
        SeriesRejectReasons.InvalidMetricName => "invalid metric name in",
        SeriesRejectReasons.InvalidUtf8 => "label value not UTF-8 in",
        SeriesRejectReasons.TooManyLabels => $"more than {_options.MaxLabelsPerSeries} labels (Insights:Ingest:RemoteWrite:MaxLabelsPerSeries) in",
        SeriesRejectReasons.LabelTooLong => $"a label over {_options.MaxLabelBytes} bytes (Insights:Ingest:RemoteWrite:MaxLabelBytes) in",
        SeriesRejectReasons.TooFarInFuture => $"timestamps more than {_options.MaxFutureSkew} ahead of this host's clock (Insights:Ingest:RemoteWrite:MaxFutureSkew) in",
        _ => reason,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote write request refused: {Reason}")]
    private static partial void LogRejectedBody(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote write: {Series} series ({Samples} samples) rejected, the rest stored: {Detail}")]
    private static partial void LogRejectedSeries(ILogger logger, int series, long samples, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote write: storing to {Services} services failed; the sender will retry")]
    private static partial void LogStoreFailed(ILogger logger, Exception failure, int services);
}
