using Microsoft.AspNetCore.Http.Features;
using Platform.Insights.Ingest.Parsers.Gzip;

namespace Platform.Insights.Host.Server;

/// <summary>
/// Reads a whole request body of the push endpoints (<c>POST /api/v1/logs</c>, the webhooks) into memory, as sent or
/// <c>Content-Encoding: gzip</c> (what Filebeat, Vector and Fluent Bit send when compression is on). The limit applies to
/// the bytes on the wire and to the decompressed bytes: decompression streams in chunks and stops at the first byte over the
/// limit, so a small gzip bomb never grows past the limit in memory. A gzip body may hold several members, one after
/// the other (as <c>gzip</c> tools and some shippers write it), members of no bytes included; each member's CRC-32 and size are checked
/// (<see cref="GzipMemberStream"/>). Answers, instead of a body: 413 over the limit, 400 a body that is not valid gzip,
/// cut short or with bytes after its last member (naming the member and byte), 415 another encoding. Remote write has
/// its own snappy body and does not come through here.
/// </summary>
public static class RequestBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <param name="limitKey">The configuration key of <paramref name="limit"/>, named in the 413.</param>
    public static async Task<RequestBodyRead> ReadAsync(HttpContext context, int limit, string limitKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return RequestBodyRead.Fail(ApiErrors.Result(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Encoding '{encoding}' is not supported: send the body as is or with Content-Encoding: gzip"));
        }
        if (request.ContentLength > limit)
        {
            return RequestBodyRead.Fail(TooLarge($"the body of {request.ContentLength} bytes", limit, limitKey));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit + 1L;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        try
        {
            // Our gzip reader, not GZipStream: that one returns a body cut short as a short success. Reads of an eighth
            // of a chunk (8 KiB) keep what a gzip bomb costs on the wire small too.
            await using var decompressed = gzip ? new GzipMemberStream(request.Body, "body", leaveOpen: true, readSize: ChunkBytes / 8) : null;
            var body = decompressed ?? request.Body;
            int read;
            // Never ask for more than one byte past the limit: that byte is enough to know the body is too large.
            while ((read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1L - buffer.Length)), context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    await buffer.DisposeAsync();
                    return RequestBodyRead.Fail(TooLarge(gzip ? "the decompressed body" : "the body", limit, limitKey));
                }
            }
            // The gzip reader returns 0 only after the last member's trailer and the end of the body have been checked.
        }
        catch (BadHttpRequestException e)
        {
            await buffer.DisposeAsync();
            return RequestBodyRead.Fail(ApiErrors.Result(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the body is over the limit of {limit} bytes ({limitKey}); nothing was stored"
                : e.Message));
        }
        catch (InvalidDataException e)
        {
            await buffer.DisposeAsync();
            return RequestBodyRead.Fail(ApiErrors.Result(StatusCodes.Status400BadRequest,
                $"the body is not valid gzip (Content-Encoding: gzip): {e.Message}; nothing was stored"));
        }
        buffer.Position = 0;
        return new RequestBodyRead(buffer, null);
    }

    private static IResult TooLarge(string what, int limit, string limitKey) =>
        ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"{what} is over the limit of {limit} bytes ({limitKey}); nothing was stored");
}
