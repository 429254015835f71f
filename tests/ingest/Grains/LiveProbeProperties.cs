using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Grains;

/// <summary>
/// The service grain sums up each call's liveness while accepting it and applies the summaries when the group commits:
/// that must leave the state exactly as taking every accepted sample in order did (the last sample time; the last probe,
/// a later or equal one replacing it, with its value).
/// </summary>
public sealed class LiveProbeProperties
{
    private static readonly string[] Metrics = ["probe_success", "up", "http_requests_total"];

    [Property(MaxTest = 200)]
    public Property Summaries_applied_per_call_leave_the_state_as_every_sample_in_order_did() =>
        Prop.ForAll(
            Arb.From(Start()),
            Arb.From(Gen.ListOf(Gen.ListOf(Series()))),
            (start, calls) =>
            {
                var summed = Copy(start);
                var sequential = Copy(start);
                foreach (var call in calls)
                {
                    var probe = default(LiveProbe);
                    foreach (var series in call)
                    {
                        probe.Track(series);
                    }
                    probe.ApplyTo(summed);
                    foreach (var series in call)
                    {
                        TrackInOrder(sequential, series);
                    }
                }
                return summed.LastSampleMs == sequential.LastSampleMs
                    && summed.LastProbeMs == sequential.LastProbeMs
                    && summed.Up == sequential.Up;
            });

    /// <summary>What the grain did before: every sample in batch order, straight into the state.</summary>
    private static void TrackInOrder(ServiceState state, SeriesSamples series)
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

    private static ServiceState Copy(ServiceState state) =>
        new() { LastSampleMs = state.LastSampleMs, LastProbeMs = state.LastProbeMs, Up = state.Up };

    // Few timestamps, so ties (a probe at the same time as the last one) are common.
    private static Gen<long?> Time() =>
        Gen.Frequency((1, Gen.Constant<long?>(null)), (4, Gen.Choose(0, 8).Select(t => (long?)t)));

    private static Gen<ServiceState> Start() =>
        from sample in Time()
        from probe in Time()
        from up in Gen.Elements<bool?>(null, true, false)
        select new ServiceState { LastSampleMs = sample, LastProbeMs = probe, Up = up };

    private static Gen<SeriesSamples> Series() =>
        from metric in Gen.Elements(Metrics)
        from samples in Gen.ListOf(Gen.Zip(Gen.Choose(0, 8), Gen.Elements(0.0, 1.0, 0.5)))
        select new SeriesSamples(metric, [], 1, [.. samples.Select(s => (long)s.Item1)], [.. samples.Select(s => s.Item2)]);
}
