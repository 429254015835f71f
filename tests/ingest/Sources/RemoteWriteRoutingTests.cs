using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// Service routing of remote write with the decoder's series cache on (the default) and off: a series sent again goes to
/// the same service grain, and samples of series with no service label are counted as unmapped every time.
/// </summary>
public sealed class RemoteWriteRoutingTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(0)]
    public async Task A_series_sent_again_goes_to_the_same_service_and_unmapped_samples_are_counted_each_time(int cacheSize)
    {
        var registry = Metrics.NewCustomRegistry();
        var grains = RecordingGrainFactory.Create(out var calls);
        var source = new RemoteWriteSource(grains, new ServiceRouting(["service", "job"]), new IngestMeters(registry), new RemoteWriteMeters(registry),
            Options.Create(new RemoteWriteOptions { SeriesCacheSize = cacheSize }), TimeProvider.System, NullLogger<RemoteWriteSource>.Instance);
        byte[] Body(long at) => WriteRequestEncoder.Compressed([
            RemoteSeries.Of("up", [("job", "batch"), ("service", "checkout")], (at, 1)),
            RemoteSeries.Of("up", [("job", "batch")], (at, 1), (at + 1, 0)),
            RemoteSeries.Of("up", [("instance", "a:9100")], (at, 1)),
        ]);

        var first = await source.WriteAsync(Body(1_000), CancellationToken.None);
        var firstCalls = calls.ToList();
        calls.Clear();
        var second = await source.WriteAsync(Body(2_000), CancellationToken.None);

        Assert.Equal(RemoteWriteStatus.Stored, first.Status);
        Assert.Equal(RemoteWriteStatus.Stored, second.Status);
        Assert.Equal(["_unmapped", "batch", "checkout"], firstCalls.Select(c => c.Service).Order(StringComparer.Ordinal));
        Assert.Equal(Routed(firstCalls), Routed(calls));
        Assert.Equal(2, calls.Single(c => c.Service == "batch").Series.Single().Count);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        Assert.Contains("insights_remote_write_samples_unmapped_total 2", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    private static List<(string, ulong)> Routed(IEnumerable<(string Service, SeriesSamples[] Series)> calls) =>
        [.. calls.SelectMany(c => c.Series.Select(s => (c.Service, s.SeriesId))).Order()];

    /// <summary>An <see cref="IGrainFactory"/> whose service grains record what they are sent and store all of it.</summary>
    public class RecordingGrainFactory : System.Reflection.DispatchProxy
    {
        private List<(string Service, SeriesSamples[] Series)> _calls = null!;

        public static IGrainFactory Create(out List<(string Service, SeriesSamples[] Series)> calls)
        {
            var proxy = Create<IGrainFactory, RecordingGrainFactory>();
            ((RecordingGrainFactory)(object)proxy)._calls = calls = [];
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IGrainFactory.GetGrain) || args?[0] is not string service)
            {
                throw new NotSupportedException(targetMethod?.Name);
            }
            var grain = Create<IServiceGrain, RecordingGrain>();
            ((RecordingGrain)(object)grain).Record = series =>
            {
                lock (_calls)
                {
                    _calls.Add((service, series));
                }
            };
            return grain;
        }
    }

    /// <summary>One service grain: records <c>IngestSeriesAsync</c> and answers that every sample was stored.</summary>
    public class RecordingGrain : System.Reflection.DispatchProxy
    {
        internal Action<SeriesSamples[]> Record { get; set; } = null!;

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IServiceGrain.IngestSeriesAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }
            var series = (SeriesSamples[])args![0]!;
            Record(series);
            var samples = series.Sum(s => (long)s.Count);
            return Task.FromResult(new IngestResult(samples, samples, 0));
        }
    }
}
