using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// The service grain's live view from accepted samples: the last sample time, and the last probe
/// (<c>probe_success</c> or <c>up</c>) with whether it succeeded. Samples are taken in batch order; a probe at the
/// same time as the last one replaces it. Summed up per call while its samples are accepted (<see cref="Track"/>) and
/// applied to the state when they commit (<see cref="ApplyTo"/>), which gives what applying every sample in order would.
/// </summary>
internal struct LiveProbe
{
    private long? _lastSampleMs;
    private long? _lastProbeMs;
    private bool _up;

    public void Track(SeriesSamples series)
    {
        var probe = series.Metric is "probe_success" or "up";
        var timestamps = series.TimestampsMs;
        for (var i = 0; i < timestamps.Length; i++)
        {
            var timestamp = timestamps[i];
            if (_lastSampleMs is not { } lastSample || timestamp > lastSample)
            {
                _lastSampleMs = timestamp;
            }
            if (probe && (_lastProbeMs is not { } lastProbe || timestamp >= lastProbe))
            {
                _lastProbeMs = timestamp;
                _up = series.Values[i] >= 1;
            }
        }
    }

    public readonly void ApplyTo(ServiceState state)
    {
        if (_lastSampleMs is { } sample && (state.LastSampleMs is not { } lastSample || sample > lastSample))
        {
            state.LastSampleMs = sample;
        }
        if (_lastProbeMs is { } probe && (state.LastProbeMs is not { } lastProbe || probe >= lastProbe))
        {
            state.LastProbeMs = probe;
            state.Up = _up;
        }
    }
}
