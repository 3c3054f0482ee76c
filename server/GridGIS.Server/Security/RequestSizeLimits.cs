using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GridGIS.Server.Security;

/// <summary>
/// Request body size limits, per endpoint. Every request body is limited to
/// <c>Security:MaxRequestBodyBytes</c> (default 1 MiB: JSON commands are small); an upload endpoint
/// declares its own with <c>.WithRequestSizeLimit(bytes)</c>. A body over the limit gets a 413
/// ProblemDetails naming the limit: at once when Content-Length says so, else when the reading passes it.
/// Works the same under Kestrel and the in-process test server.
/// </summary>
internal static class RequestSizeLimits
{
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>Declares the largest body this endpoint accepts, in bytes (1 .. 2 GiB).</summary>
    public static TBuilder WithRequestSizeLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, 2L * 1024 * 1024 * 1024);
        return builder.WithMetadata(new SizeLimit(maxBytes));
    }

    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app, long defaultMaxBytes) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultMaxBytes;
        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        var body = new LimitedStream(http.Request.Body, limit);
        http.Request.Body = body;
        await next(http);
        // Body readers that swallow I/O errors (minimal API's JSON binding answers an empty 400) would
        // hide why the request failed: say it.
        if (body.Exceeded && !http.Response.HasStarted) throw TooLarge(limit);
    });

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"the request body is larger than this endpoint accepts: at most {limit:N0} bytes", StatusCodes.Status413PayloadTooLarge);

    private sealed record SizeLimit(long Bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => Bytes;
    }

    /// <summary>A read-only body stream that fails with 413 once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read <= limit) return n;
            Exceeded = true;
            throw TooLarge(limit);
        }
    }
}
