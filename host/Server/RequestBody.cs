using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Insights.Host.Server;

/// <summary>
/// Reads a whole request body of the push endpoints (<c>POST /api/v1/logs</c>, the webhooks) into memory, as sent or
/// <c>Content-Encoding: gzip</c> (what Filebeat, Vector and Fluent Bit send when compression is on). The limit applies to
/// the bytes on the wire and to the decompressed bytes: decompression streams in chunks and stops at the first byte over the
/// limit, so a small gzip bomb never grows past the limit in memory. Answers, instead of a body: 413 over the limit,
/// 400 a body that is not valid gzip, truncated or with bytes after its end (naming what is wrong), 415 another encoding. Remote write has its own snappy body and
/// does not come through here.
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
            var wire = gzip ? new TailStream(request.Body) : null;
            await using var decompressed = wire is null ? null : new GZipStream(wire, CompressionMode.Decompress, leaveOpen: true);
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
            if (wire is not null && await wire.TruncationAsync(buffer.Length, context.RequestAborted) is { } truncated)
            {
                throw new InvalidDataException(truncated);
            }
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

    /// <summary>
    /// The compressed body as it passes into <see cref="GZipStream"/>, keeping its last 8 bytes (the gzip trailer: CRC-32 and
    /// the size mod 2³²). .NET's <see cref="GZipStream"/> ends quietly on a truncated body, returning what it could
    /// decompress; half an NDJSON body would then be stored as if whole. Comparing the trailer's size with the bytes
    /// decompressed catches that (and bytes after the end). One gzip member per body, as HTTP clients send it.
    /// </summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] _tail = new byte[8];
        private long _length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        /// <summary>Null when the trailer's size is <paramref name="decompressed"/>; else what is wrong. Reads the rest of the body first.</summary>
        public async Task<string?> TruncationAsync(long decompressed, CancellationToken cancellationToken)
        {
            var rest = new byte[4096];
            while (await ReadAsync(rest, cancellationToken) > 0)
            {
            }
            if (_length < 18)
            {
                return $"{_length} bytes is shorter than any gzip member (18 bytes)";
            }
            var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4));
            return size == (uint)decompressed
                ? null
                : $"the body is truncated or has bytes after its end: its last 4 bytes give a size of {size} bytes, but {decompressed} bytes were decompressed";
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Keep(buffer.Span[..read]);
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Keep(buffer.AsSpan(offset, read));
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> read)
        {
            if (read.Length >= _tail.Length)
            {
                read[^_tail.Length..].CopyTo(_tail);
            }
            else if (read.Length > 0)
            {
                _tail.AsSpan(read.Length).CopyTo(_tail);
                read.CopyTo(_tail.AsSpan(_tail.Length - read.Length));
            }
            _length += read.Length;
        }
    }

    private static IResult TooLarge(string what, int limit, string limitKey) =>
        ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"{what} is over the limit of {limit} bytes ({limitKey}); nothing was stored");
}
