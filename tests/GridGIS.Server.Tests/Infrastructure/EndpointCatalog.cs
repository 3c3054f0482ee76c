using System.Security.Claims;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// Every endpoint the in-process server maps, read from its <see cref="EndpointDataSource"/>, with a
/// callable sample URL and the roles its authorization metadata lets in (evaluated by the server's own
/// authorization service). The security tests iterate over this, so a newly mapped endpoint is covered
/// without anyone adding it to a list.
/// </summary>
public sealed record EndpointInfo(string Method, string Pattern, string SampleUrl, bool Anonymous, bool Declared,
    IReadOnlyList<string> AllowedRoles, bool AcceptsBody, bool IsFallback, Endpoint Endpoint)
{
    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");
    public override string ToString() => $"{Method} {Pattern}";
}

public static class EndpointCatalog
{
    /// <summary>Route values used to build sample URLs: by parameter name first, else by constraint.</summary>
    private static readonly Dictionary<string, string> SampleValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["layer"] = "facilities",
        ["prefix"] = "ggk_nosuchk3",
        ["documentName"] = "v1",
        ["userName"] = "nosuchuser",
    };

    public static async Task<IReadOnlyList<EndpointInfo>> ListAsync(WebApplicationFactory<Program> factory)
    {
        var services = factory.Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var auth = services.GetRequiredService<IAuthorizationService>();
        var list = new List<EndpointInfo>();
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var meta = e.Metadata;
            var anonymous = meta.GetMetadata<IAllowAnonymous>() is not null;
            var authorizeData = meta.GetOrderedMetadata<IAuthorizeData>();
            var policyObjects = meta.GetOrderedMetadata<AuthorizationPolicy>();
            var declared = anonymous || authorizeData.Count > 0 || policyObjects.Count > 0;
            var allowed = new List<string>();
            if (declared && !anonymous)
            {
                var policy = await AuthorizationPolicy.CombineAsync(policies, authorizeData, policyObjects);
                foreach (var role in Roles.All)
                {
                    var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "probe"), new Claim(ClaimTypes.Role, role)], "probe"));
                    if ((await auth.AuthorizeAsync(user, null, policy!)).Succeeded) allowed.Add(role);
                }
            }
            var methods = meta.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var isFallback = e.Order == int.MaxValue || (e.DisplayName?.StartsWith("Fallback", StringComparison.Ordinal) ?? false);
            var acceptsBody = meta.GetMetadata<IAcceptsMetadata>() is not null;
            foreach (var method in methods is { Count: > 0 } ? methods : ["GET"])
                list.Add(new EndpointInfo(method, "/" + e.RoutePattern.RawText?.Trim('/'), Sample(e.RoutePattern), anonymous, declared,
                    allowed, acceptsBody, isFallback, e));
        }
        return list;
    }

    private static string Sample(RoutePattern pattern)
    {
        var parts = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
                text += part switch
                {
                    RoutePatternLiteralPart l => l.Content,
                    RoutePatternSeparatorPart s => s.Content,
                    RoutePatternParameterPart p => SampleValues.TryGetValue(p.Name, out var v) ? v
                        : p.ParameterPolicies.Any(x => x.Content is "int" or "long" or "min(1)") ? "1"
                        : p.ParameterPolicies.Any(x => x.Content is "guid") ? Guid.Empty.ToString()
                        : "x",
                    _ => "",
                };
            parts.Add(text);
        }
        return "/" + string.Join('/', parts);
    }
}
