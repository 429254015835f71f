using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>POST /api/v1/write</c>: the Prometheus remote write 1.0 receiver (<see cref="RemoteWriteSource"/> does the work).
/// Needs a token with the <c>ingest</c> scope and no team limit (a request spans every team's services).
/// Answers as the spec says: 204 stored; 400 bad body or invalid series (valid ones stored), plain text, never retried;
/// 413 over a size limit; 415 not remote write 1.0 (another encoding, or remote write 2.0); 503 with
/// <c>Retry-After</c> when the store is behind (Prometheus 2.x retries 5xx, but 429 only when configured to);
/// 500 when storing failed (retried; already stored samples are then dropped as duplicates). A request enters
/// <see cref="RemoteWriteGate"/> before its body is read and leaves once it is answered: past
/// <c>MaxConcurrentRequests</c> it gets 503 + <c>Retry-After</c> without a byte of its body read.
/// </summary>
public static class RemoteWriteEndpoint
{
    public const string Path = "/api/v1/write";

    public static IEndpointConventionBuilder MapRemoteWrite(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .WithMetadata(new RequiredScope(ApiScopes.Ingest, AllowTeamTokens: false))
            .WithSummary("Prometheus remote write 1.0 receiver (snappy-compressed protobuf WriteRequest).");

    internal static async Task HandleAsync(HttpContext context, RemoteWriteSource source, RemoteWriteGate gate, RemoteWriteMeters meters, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var (status, message) = await ProcessAsync(context, source, gate, meters, time);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(source.Options.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        if (message.Length > 0)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message + "\n", Encoding.UTF8, context.RequestAborted);
        }
        meters.Request(status, time.GetElapsedTime(started));
    }

    private static async Task<(int Status, string Message)> ProcessAsync(HttpContext context, RemoteWriteSource source, RemoteWriteGate gate, RemoteWriteMeters meters, TimeProvider time)
    {
        var request = context.Request;
        if (Unsupported(request) is { } unsupported)
        {
            return (StatusCodes.Status415UnsupportedMediaType, unsupported);
        }
        if (source.IsBehind)
        {
            return (StatusCodes.Status503ServiceUnavailable, "the store is behind; retry later");
        }
        if (!gate.TryEnter())
        {
            return (StatusCodes.Status503ServiceUnavailable, gate.RefusalMessage);
        }
        try
        {
            return await ReadAndWriteAsync(context, source, meters, time);
        }
        finally
        {
            gate.Exit();
        }
    }

    private static async Task<(int Status, string Message)> ReadAndWriteAsync(HttpContext context, RemoteWriteSource source, RemoteWriteMeters meters, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var request = context.Request;
        // A token's own limits only tighten the configured ones (SECURITY.md: per-token ingest limits).
        var token = ApiEndpoints.TokenOf(context);
        var limit = (int)Math.Min(source.Options.MaxCompressedBytes, token.MaxRequestBytes ?? long.MaxValue);
        var limits = new Ingest.Parsers.RemoteWrite.WriteRequestLimits(
            Math.Min(source.Options.MaxSeriesPerRequest, token.MaxSeriesPerRequest ?? int.MaxValue),
            source.Options.MaxLabelsPerSeries,
            Math.Min(source.Options.MaxLabelBytes, token.MaxLabelBytes ?? int.MaxValue));
        if (request.ContentLength > limit)
        {
            return (StatusCodes.Status413PayloadTooLarge, TooLarge(request.ContentLength.Value, limit));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // This route has its own limit (the server-wide one is for JSON requests).
            bodySize.MaxRequestBodySize = limit + 1L;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 64 * 1024, limit + 1L));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length == request.ContentLength)
                {
                    break;
                }
                if (length > limit)
                {
                    return (StatusCodes.Status413PayloadTooLarge, TooLarge(length, limit));
                }
            }
            meters.Stage("read", time.GetElapsedTime(started));
            var result = await source.WriteAsync(buffer.AsMemory(0, length), limits, context.RequestAborted);
            return result.Status switch
            {
                RemoteWriteStatus.Stored => (StatusCodes.Status204NoContent, ""),
                RemoteWriteStatus.BadRequest => (StatusCodes.Status400BadRequest, result.Message),
                RemoteWriteStatus.TooLarge => (StatusCodes.Status413PayloadTooLarge, result.Message),
                RemoteWriteStatus.Overloaded => (StatusCodes.Status503ServiceUnavailable, result.Message),
                _ => (StatusCodes.Status500InternalServerError, result.Message),
            };
        }
        catch (BadHttpRequestException e)
        {
            return (e.StatusCode, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Unsupported(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !string.Equals(encoding, "snappy", StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Encoding must be snappy (remote write 1.0), not '{encoding}'";
        }
        var type = request.ContentType ?? "";
        if (type.Length > 0 && !type.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type must be application/x-protobuf, not '{type}'";
        }
        var version = request.Headers["X-Prometheus-Remote-Write-Version"].ToString();
        if (type.Contains("io.prometheus.write.v2", StringComparison.Ordinal) || version.StartsWith('2'))
        {
            return "only remote write 1.0 (prometheus.WriteRequest, X-Prometheus-Remote-Write-Version: 0.1.0) is supported";
        }
        return null;
    }

    private static string TooLarge(long length, int limit) =>
        $"body of {length}+ bytes is over the limit of {limit} compressed bytes (Insights:Ingest:RemoteWrite:MaxCompressedBytes, or the token's MaxRequestBytes)";
}
