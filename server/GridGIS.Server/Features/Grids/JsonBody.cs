using System.Text.Json;
using GridGIS.Server.Http;
using GridGIS.Server.Security;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Reads a small JSON request body itself, so that malformed JSON, wrong types and out-of-range
/// numbers become a 400 ProblemDetails that names the problem (line, position, path) instead of a
/// binding exception. A body over <see cref="MaxBytes"/> is a 413 (thrown, as the framework's own size
/// limit does, and answered by the exception handler).
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    // Unknown members are refused: a typo ("workerID") must not silently mean "not given".
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    }.Refusing();

    /// <summary>The body as <typeparamref name="T"/>, or a 400 problem to return.</summary>
    public static async Task<(T? Value, BadRequestProblem? Problem)> ReadAsync<T>(HttpRequest request, string example, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBytes)
            throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
                throw TooLarge();
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) return (null, Problems.Field("body", $"a JSON body is required, e.g. {example}"));
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            return (null, Problems.Field("body", "the body is not valid UTF-8 JSON"));
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? (null, Problems.Field("body", $"expected a JSON object, e.g. {example}")) : (value, null);
        }
        catch (UnsafeTextException e)
        {
            return (null, Problems.Field(e.Field, e.Detail));
        }
        catch (JsonException e)
        {
            var field = Problems.JsonField(e);
            return (null, Problems.Field(field, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}" +
                                                 $"{(field == "body" ? "" : $" ({field})")}: expected {example}"));
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"the body is larger than {MaxBytes / 1024} KiB", StatusCodes.Status413PayloadTooLarge);
}
