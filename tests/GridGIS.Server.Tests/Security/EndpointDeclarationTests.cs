using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace GridGIS.Server.Tests.Security;

/// <summary>Every mapped endpoint declares who may call it; anonymous access only where a reason is written here.</summary>
[Collection(PostgisCollection.Name)]
public sealed class EndpointDeclarationTests(PostgisFixture fx)
{
    /// <summary>The only endpoints open to callers without a token, each with its reason.</summary>
    private static readonly Dictionary<string, string> AnonymousAllowed = new()
    {
        ["POST /api/auth/token"] = "sign-in: where a caller without a token gets one (rate-limited, lock-out)",
        ["GET /{*path:nonfile}"] = "404 ProblemDetails for a path that is neither a file nor an endpoint; says only that it does not exist",
        ["GET /"] = "the static viewer's index.html (no data; the viewer signs in over the API)",
        ["GET /api/viewer/config"] = "the sign-in screen's map settings (tile URL, centre, pilot street codes); no data",
        ["GET /api/{**rest}"] = "404 ProblemDetails for unknown API paths; says only that the path does not exist",
    };

    [Fact]
    public async Task EveryEndpoint_DeclaresAuthorization_OrIsAnAllowedAnonymousOne()
    {
        var endpoints = await EndpointCatalog.ListAsync(fx.Factory);
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints.Where(e => !e.Declared).Select(e => e.ToString()).ToList();
        Assert.True(undeclared.Count == 0, "endpoints without RequireAuthorization or AllowAnonymous: " + string.Join(", ", undeclared));
        var unexpectedAnonymous = endpoints.Where(e => e.Anonymous)
            .Select(e => e.ToString()).Where(e => !AnonymousAllowed.ContainsKey(e) && !IsFallbackForAllMethods(e)).ToList();
        Assert.True(unexpectedAnonymous.Count == 0,
            "anonymous endpoints without a stated reason (add one to AnonymousAllowed or require a policy): " + string.Join(", ", unexpectedAnonymous));
    }

    [Fact]
    public async Task EveryDeclaredEndpoint_LetsInAtLeastOneRole_UnlessAnonymous()
    {
        var endpoints = await EndpointCatalog.ListAsync(fx.Factory);
        var nobody = endpoints.Where(e => e.Declared && !e.Anonymous && e.AllowedRoles.Count == 0).Select(e => e.ToString()).ToList();
        Assert.True(nobody.Count == 0, "endpoints no role can call: " + string.Join(", ", nobody));
    }

    [Fact]
    public async Task UndeclaredEndpoint_IsRefused_ByTheFallbackPolicy()
    {
        var services = fx.Factory.Services;
        var policy = await Microsoft.AspNetCore.Authorization.AuthorizationPolicy.CombineAsync(
            services.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>(),
            [], []);
        Assert.NotNull(policy);
        var admin = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, GridGIS.Server.Security.Roles.Administrator)], "probe"));
        var result = await services.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>().AuthorizeAsync(admin, null, policy!);
        Assert.False(result.Succeeded);

        // Through HTTP: a path no endpoint or file serves falls to the same policy, even for an administrator.
        var client = await fx.ClientAsAsync(GridGIS.Server.Security.Roles.Administrator);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.GetAsync("/no-such-file.txt")).StatusCode);
    }

    // Fallbacks map one endpoint per HTTP method set; all of them carry the same pattern.
    private static bool IsFallbackForAllMethods(string e) => AnonymousAllowed.Keys.Any(k => k[(k.IndexOf(' ') + 1)..] == e[(e.IndexOf(' ') + 1)..]);
}
