using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace GridGIS.Server.Security;

/// <summary>
/// The answer for a request under /api that no endpoint took, as ProblemDetails instead of the
/// viewer's index.html: 405 when the path exists for other methods, 400 naming the path value when
/// one has the wrong form (such as /api/grids/abc/worker, whose {id} must be an int), 415 when the
/// body's content type is not accepted, else 404. Outside /api, a path that is neither a file nor an
/// endpoint gets 404 too: the viewer has no routes of its own but / (and /index.html).
/// </summary>
internal static class ApiNotFound
{
    public static void MapApiNotFound(this WebApplication app)
    {
        app.MapFallback("/api/{**rest}", Answer)
           .AllowAnonymous() // reason: says only which API paths exist, as the public OpenAPI shape would
           .ExcludeFromDescription();
        app.MapFallbackToFile("/", "index.html")
           .AllowAnonymous(); // reason: the static viewer's page (no data; the viewer signs in over the API)
        app.MapFallback("{*path:nonfile}", (HttpContext http) =>
                Http.Problems.Status(StatusCodes.Status404NotFound, Http.Problems.NotFoundTitle, $"nothing at {http.Request.Path}; the viewer is at /"))
           .AllowAnonymous() // reason: says only that the path does not exist
           .ExcludeFromDescription();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Answer(HttpContext http, EndpointDataSource endpoints, IInlineConstraintResolver constraints)
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
        var wrongValues = forMethod.Select(e => WrongValue(http, e, constraints)).ToList();
        if (forMethod.Count > 0 && wrongValues.All(w => w is not null))
        {
            var (name, value, constraint, pattern) = wrongValues[0]!.Value;
            return Http.Problems.Status(StatusCodes.Status400BadRequest, $"Invalid '{name}'",
                $"path value '{(value.Length > 40 ? value[..40] + "..." : value)}' of {{{name}}} must be {Describe(constraint)} (/{pattern.TrimStart('/')})", parameter: name);
        }
        var accepts = forMethod.Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()).OfType<IAcceptsMetadata>().ToList();
        if (accepts.Count > 0 && accepts.Count == forMethod.Count)
        {
            var types = accepts.SelectMany(a => a.ContentTypes).Distinct().ToArray();
            return Http.Problems.UnsupportedMediaType($"{path} does not accept a body of type '{http.Request.ContentType ?? "(none)"}'; send {string.Join(" or ", types)}");
        }
        return Http.Problems.Status(StatusCodes.Status404NotFound, Http.Problems.NotFoundTitle, $"no API endpoint {method} {path}");
    }

    /// <summary>The first route value of the request path that fails its constraint on <paramref name="e"/>, or null.</summary>
    private static (string Name, string Value, string Constraint, string Pattern)? WrongValue(HttpContext http, RouteEndpoint e, IInlineConstraintResolver resolver)
    {
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()).TryMatch(http.Request.Path, values)) return null;
        foreach (var parameter in e.RoutePattern.Parameters)
            foreach (var policy in parameter.ParameterPolicies)
                if (policy.Content is { } content && resolver.ResolveConstraint(content) is { } constraint
                    && !constraint.Match(http, null, parameter.Name, values, RouteDirection.IncomingRequest))
                    return (parameter.Name, values[parameter.Name]?.ToString() ?? "", content, e.RoutePattern.RawText ?? "");
        return null;
    }

    private static string Describe(string constraint) => constraint switch
    {
        "int" => "a whole number from -2147483648 to 2147483647",
        "long" => "a whole number of up to 19 digits",
        _ => $"of the form '{constraint}'",
    };
}
