using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// The service grain's live view from accepted samples: the last sample time, and the last probe
/// (<c>probe_success</c> or <c>up</c>) with whether it succeeded. Samples are taken in batch order; a probe at the
/// same time as the last one replaces it.
/// </summary>
internal static class LiveProbe
{
    public static void Track(ServiceState state, List<SeriesSamples> accepted)
    {
        foreach (var series in accepted)
        {
            var probe = series.Metric is "probe_success" or "up";
            for (var i = 0; i < series.TimestampsMs.Length; i++)
            {
                var timestamp = series.TimestampsMs[i];
                if (state.LastSampleMs is not { } lastSample || timestamp > lastSample)
                {
                    state.LastSampleMs = timestamp;
                }
                if (probe && (state.LastProbeMs is not { } lastProbe || timestamp >= lastProbe))
                {
                    state.LastProbeMs = timestamp;
                    state.Up = series.Values[i] >= 1;
                }
            }
        }
    }
}
