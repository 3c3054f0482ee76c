using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GridGIS.Server.Security;

/// <summary>
/// How sign-in guessing is slowed down, without ever locking an account for everyone:
/// <list type="bullet">
/// <item>per (user name, client address), growing delays (<see cref="Delay"/>): the first
/// <c>Security:SignIn:FreeFailures</c> (default 3) failures cost nothing, then each further attempt from that
/// client for that name must wait 2, 4, 8, ... seconds after the last failure, at most
/// <c>Security:SignIn:MaxDelaySeconds</c> (default 900); an attempt too early is answered 429 with Retry-After
/// whether the name exists or not, and the password is not checked. Another client signs in as usual.
/// Failures older than <see cref="ForgetAfter"/> are forgotten; state is in the database
/// (<c>sign_in_failure</c>), so every server process applies the same delays;</item>
/// <item>per client address, a fixed window (the ASP.NET Core rate limiter, policy <see cref="Policy"/>):
/// at most <c>Security:SignIn:PerIp</c> (default 30) attempts per <c>Security:SignIn:WindowSeconds</c> (default 60);</item>
/// <item>an alert (log warning and audit row <c>signin.alert</c>) when one user name fails from
/// <c>Security:SignIn:AlertClients</c> (default 5) or more client addresses within <see cref="AlertWindow"/>.</item>
/// </list>
/// </summary>
internal sealed class SignInRateLimit(IConfiguration config)
{
    public const string Policy = "sign-in";
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);
    public static readonly TimeSpan AlertWindow = TimeSpan.FromHours(1);

    public int FreeFailures { get; } = Setting(config, "FreeFailures", 3);
    public TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(Setting(config, "MaxDelaySeconds", 900));
    public int AlertClients { get; } = Setting(config, "AlertClients", 5);

    /// <summary>How long after the last of <paramref name="failures"/> failures the next attempt must wait:
    /// zero for the first <see cref="FreeFailures"/>, then 2^(failures - FreeFailures + 1) seconds, at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan Delay(int failures)
    {
        if (failures < FreeFailures) return TimeSpan.Zero;
        var exponent = Math.Min(failures - FreeFailures + 1, 30);
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, exponent), MaxDelay.TotalSeconds));
    }

    /// <summary>The client's address as the throttle and the audit log name it.</summary>
    public static string ClientOf(HttpContext? http) => http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<SignInRateLimit>();
        var perIp = Setting(config, "PerIp", 30);
        var window = TimeSpan.FromSeconds(Setting(config, "WindowSeconds", 60));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(ClientOf(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perIp, Window = window, QueueLimit = 0 }));
            o.OnRejected = (ctx, _) => WriteAsync(ctx.HttpContext, window, $"too many sign-in attempts from this address; try again in {window.TotalSeconds:0} seconds");
        });
    }

    /// <summary>Applies the per-address limit to the sign-in endpoint (the per-name delays are in <see cref="Accounts"/>).</summary>
    public static RouteHandlerBuilder Apply(RouteHandlerBuilder endpoint) => endpoint.RequireRateLimiting(Policy);

    /// <summary>A 429 ProblemDetails with Retry-After in whole seconds (rounded up).</summary>
    public static async ValueTask WriteAsync(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Http.Problems.Details(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts", detail),
        });
    }

    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static int Setting(IConfiguration config, string key, int fallback)
    {
        var v = config.GetValue<int?>($"Security:SignIn:{key}") ?? fallback;
        return v >= 1 ? v : throw new InvalidOperationException($"Security:SignIn:{key} must be at least 1, not {v}");
    }
}
