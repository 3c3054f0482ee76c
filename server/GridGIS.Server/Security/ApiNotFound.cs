using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace GridGIS.Server.Security;

/// <summary>
/// The answer for a request under /api that no endpoint took, as ProblemDetails instead of the
/// viewer's index.html: 405 when the path exists for other methods, 415 when the body's content
/// type is not accepted, else 404 naming the paths of that shape (a route value of the wrong type,
/// such as /api/streets/abc, lands here).
/// </summary>
internal static class ApiNotFound
{
    public static void MapApiNotFound(this WebApplication app) =>
        app.MapFallback("/api/{**rest}", Answer)
           .AllowAnonymous() // reason: says only which API paths exist, as the public OpenAPI shape would
           .ExcludeFromDescription();

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Answer(HttpContext http, EndpointDataSource endpoints)
    {
        var path = http.Request.Path;
        var method = http.Request.Method;
        var shaped = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order != int.MaxValue && e.RoutePattern.RawText is { } raw && !raw.Contains("**", StringComparison.Ordinal)
                        && new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary()))
            .ToList();
        var forMethod = shaped.Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } m
                                          || m.Contains(method, StringComparer.OrdinalIgnoreCase)).ToList();
        if (shaped.Count > 0 && forMethod.Count == 0)
        {
            var allowed = shaped.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods).Distinct().Order().ToArray();
            http.Response.Headers.Allow = string.Join(", ", allowed);
            return Http.Problems.Status(StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"{method} is not allowed on {path}; allowed: {string.Join(", ", allowed)}");
        }
        var accepts = forMethod.Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()).OfType<IAcceptsMetadata>().ToList();
        if (accepts.Count > 0 && accepts.Count == forMethod.Count)
        {
            var types = accepts.SelectMany(a => a.ContentTypes).Distinct().ToArray();
            return Http.Problems.UnsupportedMediaType($"{path} does not accept a body of type '{http.Request.ContentType ?? "(none)"}'; send {string.Join(" or ", types)}");
        }
        var hint = forMethod.Count > 0
            ? $"; a path value has the wrong form (expected {string.Join(" or ", forMethod.Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')))})"
            : "";
        return Http.Problems.Status(StatusCodes.Status404NotFound, Http.Problems.NotFoundTitle, $"no API endpoint {method} {path}{hint}");
    }
}
