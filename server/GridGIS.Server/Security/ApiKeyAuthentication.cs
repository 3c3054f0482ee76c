using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// Authentication for scripts: the <c>X-Api-Key</c> header. Requests carrying it are authenticated
/// by this scheme, requests to <c>/ogc</c> and <c>/tiles</c> without a bearer token by HTTP Basic
/// (<see cref="BasicAuthentication"/>), dashboard pages with only the dashboard cookie by
/// <see cref="DashboardSession"/>, all others by the bearer token (the <see cref="Combined"/> policy
/// scheme chooses), so every endpoint accepts them without naming a scheme.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, NpgsqlDataSource db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Combined = "BearerOrApiKey";

    public static AuthenticationBuilder Add(IServiceCollection services) => services
        .AddAuthentication(Combined)
        .AddPolicyScheme(Combined, "Bearer token, X-Api-Key, HTTP Basic on /ogc and /tiles, or the dashboard cookie on /hangfire", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.ContainsKey(ApiKeys.Header) ? SchemeName
            // QGIS signs in with Basic; on its paths a request without a bearer token is challenged for Basic
            : BasicAuthentication.Applies(http) && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? BasicAuthentication.SchemeName
            : DashboardSession.Applies(http) ? DashboardSession.SchemeName
            : BearerTokenDefaults.AuthenticationScheme)
        .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(SchemeName, null)
        .AddScheme<AuthenticationSchemeOptions, BasicAuthentication>(BasicAuthentication.SchemeName, null)
        .AddScheme<AuthenticationSchemeOptions, DashboardSession>(DashboardSession.SchemeName, null);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[ApiKeys.Header];
        if (values.Count == 0) return AuthenticateResult.NoResult();
        if (values.Count > 1 || string.IsNullOrEmpty(values[0])) return AuthenticateResult.Fail("one X-Api-Key header expected");
        var account = await ApiKeys.VerifyAsync(db, values[0]!, Context.RequestAborted);
        if (account is not { } a) return AuthenticateResult.Fail("unknown or revoked API key");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, a.UserName), new Claim(ClaimTypes.Role, a.Role),
            new Claim("api_key", ApiKeys.PrefixOf(values[0]!)!)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
