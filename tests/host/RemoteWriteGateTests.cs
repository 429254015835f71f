using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Host.Server;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Prometheus;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>POST /api/v1/write</c> past <c>MaxConcurrentRequests</c>: the gate is checked before the body is read, so a refused
/// request costs no read of its (up to <c>MaxCompressedBytes</c>) body.
/// </summary>
public sealed class RemoteWriteGateTests
{
    [Fact]
    public async Task A_remote_write_request_past_the_in_flight_limit_is_503_with_retry_after_and_counted_without_its_body_being_read()
    {
        var registry = Metrics.NewCustomRegistry();
        var options = Options.Create(new RemoteWriteOptions { MaxConcurrentRequests = 1, RetryAfter = TimeSpan.FromSeconds(3) });
        var meters = new RemoteWriteMeters(registry);
        var gate = new RemoteWriteGate(options, meters);
        // No grain factory: a request that got past the gate would fail, not pass quietly.
        var source = new RemoteWriteSource(null!, new ServiceRouting(["service"]), new IngestMeters(registry), meters, options,
            TimeProvider.System, NullLogger<RemoteWriteSource>.Instance);
        Assert.True(gate.TryEnter());
        var body = new UnreadableBody();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-protobuf";
        context.Request.Headers.ContentEncoding = "snappy";
        context.Request.ContentLength = 4 << 20;
        context.Request.Body = body;
        var response = new MemoryStream();
        context.Response.Body = response;

        await RemoteWriteEndpoint.HandleAsync(context, source, gate, meters, TimeProvider.System);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.Contains("MaxConcurrentRequests", System.Text.Encoding.UTF8.GetString(response.ToArray()), StringComparison.Ordinal);
        Assert.Equal(0, body.Reads);
        Assert.Equal(1, gate.InFlight);
        using var exported = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(exported);
        var text = System.Text.Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains("insights_remote_write_requests_refused_total 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_remote_write_requests_total{status=\"503\"} 1", text, StringComparison.Ordinal);
    }

    /// <summary>A request body that counts reads and answers none.</summary>
    private sealed class UnreadableBody : Stream
    {
        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            throw new InvalidOperationException("the body was read");
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            throw new InvalidOperationException("the body was read");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
