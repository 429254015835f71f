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

    private static RemoteWriteSource Source(IWriteBackPressure? backPressure)
    {
        var registry = Metrics.NewCustomRegistry();
        return new RemoteWriteSource(null!, new ServiceRouting(["service"]), new IngestMeters(registry), new RemoteWriteMeters(registry),
            Options.Create(new RemoteWriteOptions()), TimeProvider.System, NullLogger<RemoteWriteSource>.Instance, backPressure);
    }

    private sealed class FixedFill(double fill) : IWriteBackPressure
    {
        public double QueueFill => fill;
    }
}
