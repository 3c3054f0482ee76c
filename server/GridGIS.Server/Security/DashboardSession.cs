using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using GridGIS.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// A way into the Hangfire dashboard from a browser, which cannot send a bearer header when it opens a
/// page. An administrator's viewer calls <c>POST /api/admin/dashboard-session</c> with its bearer token
/// (a cross-site page cannot: it has no token, and the cookie is never sent to /api); the answer sets a
/// cookie for <c>/hangfire</c> only: <c>HttpOnly</c>, <c>SameSite=Strict</c>, <c>Secure</c> unless the
/// server is reached over loopback HTTP, 10 minutes. Its value is the account name and the moment of
/// issue, signed and encrypted with the install's data-protection keys. On every dashboard request the
/// account is looked up again: it must exist, its current role is what the request gets (so the
/// dashboard's administrator-only policy refuses an account that is no longer an administrator), and
/// a cookie issued before the account's <c>tokens_valid_after</c> (sign-out, an administrator's revoke,
/// a password or role change) is refused, as its bearer tokens are.
/// </summary>
internal sealed class DashboardSession(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NpgsqlDataSource db, IDataProtectionProvider protection, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DashboardCookie";
    public const string CookieName = "gridgis_dashboard";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const string Purpose = "GridGIS.DashboardSession.v1";

    /// <summary>Requests this scheme authenticates: the dashboard's, carrying its cookie and no other credential.</summary>
    public static bool Applies(HttpContext http) =>
        http.Request.Path.StartsWithSegments(SecurityHeaders.DashboardPath)
        && !http.Request.Headers.ContainsKey("Authorization") && !http.Request.Headers.ContainsKey(ApiKeys.Header)
        && http.Request.Cookies.ContainsKey(CookieName);

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/dashboard-session", IssueAsync)
           .RequireAuthorization(Policies.Admin).WithTags("Security")
           .WithSummary("Sets a 10-minute HttpOnly, SameSite=Strict cookie for /hangfire, so that the administrator's browser can open the job dashboard.");
        return app;
    }

    internal sealed record Session(string Url, DateTimeOffset ExpiresAt);

    private static async Task<Ok<Session>> IssueAsync(HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, IDataProtectionProvider protection,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = user.Identity!.Name!;
        var value = protection.CreateProtector(Purpose).Protect(
            Encoding.UTF8.GetBytes($"{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n{name}"));
        var expires = now + Lifetime;
        http.Response.Cookies.Append(CookieName, Base64UrlEncode(value), new CookieOptions
        {
            Path = SecurityHeaders.DashboardPath, HttpOnly = true, SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps || !IsLoopback(http.Request.Host.Host), MaxAge = Lifetime, IsEssential = true,
        });
        await using (var conn = await db.OpenConnectionAsync(ct))
            await Audit.WriteAsync(conn, null, Audit.Actor(user), "dashboard.session", "app_user", name, null, new { expiresAt = expires }, ct);
        return TypedResults.Ok(new Session(SecurityHeaders.DashboardPath, expires));
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie)) return AuthenticateResult.NoResult();
        string text;
        try { text = Encoding.UTF8.GetString(protection.CreateProtector(Purpose).Unprotect(Base64UrlDecode(cookie))); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return AuthenticateResult.Fail("the dashboard cookie is not one this server issued");
        }
        var parts = text.Split('\n', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var issued))
            return AuthenticateResult.Fail("the dashboard cookie is malformed");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now >= issued + (long)Lifetime.TotalMilliseconds || issued > now + 60_000) return AuthenticateResult.Fail("the dashboard cookie has expired");

        var name = parts[1];
        await using var cmd = db.CreateCommand(Sql.Get("Security/GetTokenState.sql"));
        cmd.Parameters.Add(new() { Value = name });
        await using var r = await cmd.ExecuteReaderAsync(Context.RequestAborted);
        if (!await r.ReadAsync(Context.RequestAborted)) return AuthenticateResult.Fail($"account '{name}' no longer exists");
        if (!r.IsDBNull(1) && issued < r.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds())
            return AuthenticateResult.Fail("the dashboard cookie was revoked (sign-out, an administrator's revoke, or a password or role change)");
        // The account's role now, not when the cookie was issued: the dashboard's policy decides on it.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, r.GetString(0))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }
}
