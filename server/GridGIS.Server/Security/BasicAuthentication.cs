using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// HTTP Basic for the OGC API and the vector tiles (<c>/ogc</c>, <c>/tiles</c>) only: QGIS as Debian ships
/// it (3.22) signs in with Basic, PKI, Identity-Cert or EsriToken, no OAuth2 and no custom header. The user
/// name and password are an account's, or the password is an API key (the user name then is the key's
/// account, or <c>apikey</c>). Refused over plain HTTP unless the client is on loopback or
/// <c>Security:Basic:AllowInsecure</c> is true. Password checks are limited like sign-in: at most
/// <c>Security:SignIn:PerUser</c> (default 10) per user name and client address per
/// <c>Security:SignIn:WindowSeconds</c> (default 60), then 429 with Retry-After. A good credential is
/// remembered for <see cref="Remember"/> (so that a map's hundred tile requests cost one password hash),
/// and on every request rechecked, like a bearer token, against the account's role and revocation.
/// </summary>
internal sealed class BasicAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, NpgsqlDataSource db, Accounts accounts, BasicCredentialCache cache, IConfiguration config, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";
    public static readonly TimeSpan Remember = TimeSpan.FromSeconds(60);
    private const string RateLimitedKey = "gridgis:basic-rate-limited";

    /// <summary>The paths where Basic is accepted.</summary>
    public static bool Applies(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/ogc") || http.Request.Path.StartsWithSegments("/tiles");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (!Request.IsHttps && !IsLoopback(Context.Connection.RemoteIpAddress) && !config.GetValue("Security:Basic:AllowInsecure", false))
            return AuthenticateResult.Fail("HTTP Basic is refused over plain HTTP (use HTTPS, or a bearer token)");
        if (header.Length > 1024) return AuthenticateResult.Fail("the Basic credentials are too long");
        string user, secret;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':');
            if (colon < 0) return AuthenticateResult.Fail("Basic credentials are user:password");
            (user, secret) = (text[..colon].Trim(), text[(colon + 1)..]);
        }
        catch (FormatException) { return AuthenticateResult.Fail("the Basic credentials are not base64"); }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)));
        var now = clock.GetUtcNow();
        if (cache.TryGet(key, now, out var remembered))
        {
            // Rechecked on every request, like a bearer token: deleted, demoted or revoked accounts stop at once.
            if (await TokenRevocation.RefusalAsync(db, remembered, Context.RequestAborted) is { } why)
            {
                cache.Forget(key);
                return AuthenticateResult.Fail(why);
            }
            return Success(remembered);
        }

        using var lease = cache.Attempt($"{user.ToLowerInvariant()}|{Context.Connection.RemoteIpAddress}", config);
        if (!lease.IsAcquired)
        {
            Context.Items[RateLimitedKey] = true;
            return AuthenticateResult.Fail("too many sign-in attempts");
        }
        (string UserName, string Role)? account = null;
        if (ApiKeys.PrefixOf(secret) is not null)
        {
            if (await ApiKeys.VerifyAsync(db, secret, Context.RequestAborted) is { } k
                && (user.Length == 0 || user.Equals("apikey", StringComparison.OrdinalIgnoreCase) || user == k.UserName))
                account = k;
        }
        else
        {
            // The same per (name, client) delays as the sign-in endpoint: one count, whichever door is tried.
            var outcome = await accounts.SignInAsync(user, secret, SignInRateLimit.ClientOf(Context), Context.RequestAborted);
            if (outcome is { Result: Accounts.SignInResult.Ok, Role: { } role }) account = (user, role);
            else if (outcome.Result == Accounts.SignInResult.Throttled)
            {
                Context.Items[RateLimitedKey] = true;
                return AuthenticateResult.Fail("too many sign-in attempts");
            }
        }
        if (account is not { } a) return AuthenticateResult.Fail("wrong user name or password");

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, a.UserName), new Claim(ClaimTypes.Role, a.Role),
            TokenRevocation.IssuedAt(clock)], SchemeName);
        var principal = new ClaimsPrincipal(identity);
        cache.Add(key, principal, now + Remember);
        return Success(principal);
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(RateLimitedKey))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = BasicCredentialCache.Window(config).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            await Http.Problems.Status(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                "too many sign-in attempts for this user name from this address; try again later").ExecuteAsync(Context);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"GridGIS\", charset=\"UTF-8\"";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Http.Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized",
            failure is null ? "sign in: HTTP Basic (account or API key), a bearer token, or X-Api-Key" : $"{failure}").ExecuteAsync(Context);
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}

/// <summary>Good Basic credentials remembered for a minute (keyed by a hash of the header), and the limiter of password checks.</summary>
internal sealed class BasicCredentialCache : IDisposable
{
    public const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Until)> _good = new();
    private PartitionedRateLimiter<string>? _attempts;
    private readonly Lock _gate = new();

    public bool TryGet(string key, DateTimeOffset now, out ClaimsPrincipal principal)
    {
        if (_good.TryGetValue(key, out var e) && e.Until > now) { principal = e.Principal; return true; }
        principal = null!;
        return false;
    }

    public void Add(string key, ClaimsPrincipal principal, DateTimeOffset until)
    {
        if (_good.Count >= MaxEntries) _good.Clear();
        _good[key] = (principal, until);
    }

    public void Forget(string key) => _good.TryRemove(key, out _);

    /// <summary>One password check for a (user name, client address) pair; not acquired when over the sign-in limit.</summary>
    public RateLimitLease Attempt(string partition, IConfiguration config)
    {
        lock (_gate)
        {
            _attempts ??= PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name,
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, config.GetValue("Security:SignIn:PerUser", 10)), Window = Window(config), QueueLimit = 0,
                }));
        }
        return _attempts.AttemptAcquire(partition);
    }

    public static TimeSpan Window(IConfiguration config) => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Security:SignIn:WindowSeconds", 60)));

    public void Dispose() => _attempts?.Dispose();
}
