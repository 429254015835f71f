using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

public sealed class RemoteWriteSourceTests
{
    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.79, false)]
    [InlineData(0.8, true)]
    [InlineData(1.0, true)]
    public void Remote_write_is_refused_while_the_store_queue_is_fuller_than_the_configured_share(double fill, bool behind)
    {
        var source = Source(new FixedFill(fill));

        Assert.Equal(behind, source.IsBehind);
    }

    [Fact]
    public void Without_a_store_queue_to_ask_remote_write_is_never_refused()
    {
        Assert.False(Source(backPressure: null).IsBehind);
    }

    [Fact]
    public async Task A_request_beyond_the_in_flight_limit_is_refused_by_the_gate_and_counted_and_one_is_taken_once_one_finishes()
    {
        var registry = Metrics.NewCustomRegistry();
        var grain = new HeldServiceGrain();
        var options = Options.Create(new RemoteWriteOptions { MaxConcurrentRequests = 2 });
        var meters = new RemoteWriteMeters(registry);
        var gate = new RemoteWriteGate(options, meters);
        var source = new RemoteWriteSource(SingleGrainFactory.For(grain), new ServiceRouting(["service"]), new IngestMeters(registry), meters,
            options, TimeProvider.System, NullLogger<RemoteWriteSource>.Instance);
        byte[] Body(int i) => Parsers.RemoteWrite.WriteRequestEncoder.Compressed([Parsers.RemoteWrite.RemoteSeries.Of("up", [("service", "checkout"), ("i", $"{i}")], (1_000, 1))]);
        async Task<RemoteWriteResult> Gated(int i)
        {
            Assert.True(gate.TryEnter());
            try
            {
                return await source.WriteAsync(Body(i), CancellationToken.None);
            }
            finally
            {
                gate.Exit();
            }
        }

        var first = Gated(1);
        var second = Gated(2);
        await grain.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var refused = gate.TryEnter();
        var inFlightWhileHeld = gate.InFlight;
        grain.Release.SetResult();
        var results = await Task.WhenAll(first, second);
        var after = await Gated(4);

        Assert.False(refused);
        Assert.Equal(2, inFlightWhileHeld);
        Assert.Contains("MaxConcurrentRequests", gate.RefusalMessage, StringComparison.Ordinal);
        Assert.All(results, r => Assert.Equal(RemoteWriteStatus.Stored, r.Status));
        Assert.Equal(RemoteWriteStatus.Stored, after.Status);
        Assert.Equal(0, gate.InFlight);
        Assert.Equal(3, grain.Calls);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        Assert.Contains("insights_remote_write_requests_refused_total 1", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    private static RemoteWriteSource Source(IWriteBackPressure? backPressure)
    {
        var registry = Metrics.NewCustomRegistry();
        return new RemoteWriteSource(null!, new ServiceRouting(["service"]), new IngestMeters(registry), new RemoteWriteMeters(registry),
            Options.Create(new RemoteWriteOptions()), TimeProvider.System, NullLogger<RemoteWriteSource>.Instance, backPressure);
    }

    /// <summary>A service grain whose calls wait until released, once two of them are in (the limit in the test).</summary>
    public sealed class HeldServiceGrain
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => _calls;

        private int _calls;

        public global::Platform.Insights.Ingest.Grains.IServiceGrain AsGrain()
        {
            var proxy = System.Reflection.DispatchProxy.Create<global::Platform.Insights.Ingest.Grains.IServiceGrain, Forwarder>();
            ((Forwarder)(object)proxy).Target = this;
            return proxy;
        }

        public async Task<global::Platform.Insights.Ingest.Grains.IngestResult> IngestAsync(global::Platform.Insights.Ingest.Records.SeriesSamples[] series)
        {
            if (Interlocked.Increment(ref _calls) == 2)
            {
                Entered.SetResult();
            }
            await Release.Task;
            var samples = series.Sum(s => (long)s.Count);
            return new global::Platform.Insights.Ingest.Grains.IngestResult(samples, samples, 0);
        }
    }

    /// <summary>Forwards <c>IngestSeriesAsync</c> to the held grain; nothing else is called by the source.</summary>
    public class Forwarder : System.Reflection.DispatchProxy
    {
        internal HeldServiceGrain Target { get; set; } = null!;

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(global::Platform.Insights.Ingest.Grains.IServiceGrain.IngestSeriesAsync)
                ? Target.IngestAsync((global::Platform.Insights.Ingest.Records.SeriesSamples[])args![0]!)
                : throw new NotSupportedException(targetMethod?.Name);
    }

    /// <summary>An <see cref="IGrainFactory"/> that hands out the one held grain.</summary>
    public class SingleGrainFactory : System.Reflection.DispatchProxy
    {
        private global::Platform.Insights.Ingest.Grains.IServiceGrain _grain = null!;

        public static IGrainFactory For(HeldServiceGrain grain)
        {
            var proxy = Create<IGrainFactory, SingleGrainFactory>();
            ((SingleGrainFactory)(object)proxy)._grain = grain.AsGrain();
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) && targetMethod.IsGenericMethod ? _grain : throw new NotSupportedException(targetMethod?.Name);
    }

    private sealed class FixedFill(double fill) : IWriteBackPressure
    {
        public double QueueFill => fill;
    }
}
