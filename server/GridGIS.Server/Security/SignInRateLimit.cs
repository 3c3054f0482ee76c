using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GridGIS.Server.Security;

/// <summary>
/// Rate limits on sign-in, on top of the lock-out in <see cref="Accounts"/>: per client IP (the
/// ASP.NET Core rate limiter, policy <see cref="Policy"/>) and per user name (an endpoint filter,
/// since the name is in the body). Fixed windows; a request over either limit gets 429 ProblemDetails
/// with Retry-After. Configuration: <c>Security:SignIn:PerIp</c> (default 30),
/// <c>Security:SignIn:PerUser</c> (default 10), <c>Security:SignIn:WindowSeconds</c> (default 60).
/// </summary>
internal sealed class SignInRateLimit : IDisposable
{
    public const string Policy = "sign-in";
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly TimeSpan _window;

    public SignInRateLimit(IConfiguration config)
    {
        _window = TimeSpan.FromSeconds(Setting(config, "WindowSeconds", 60));
        var perUser = Setting(config, "PerUser", 10);
        _perUser = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perUser, Window = _window, QueueLimit = 0 }));
    }

    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<SignInRateLimit>();
        var perIp = Setting(config, "PerIp", 30);
        var window = TimeSpan.FromSeconds(Setting(config, "WindowSeconds", 60));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perIp, Window = window, QueueLimit = 0 }));
            o.OnRejected = (ctx, _) => WriteAsync(ctx.HttpContext, window, "from this address");
        });
    }

    /// <summary>Applies both limits to the sign-in endpoint.</summary>
    public static RouteHandlerBuilder Apply(RouteHandlerBuilder endpoint) => endpoint
        .RequireRateLimiting(Policy)
        .AddEndpointFilter(async (ctx, next) =>
        {
            var request = ctx.Arguments.OfType<AuthApi.TokenRequest>().FirstOrDefault();
            var name = request?.UserName?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(name)) return await next(ctx);
            var limits = ctx.HttpContext.RequestServices.GetRequiredService<SignInRateLimit>();
            using var lease = limits._perUser.AttemptAcquire(name);
            if (lease.IsAcquired) return await next(ctx);
            await WriteAsync(ctx.HttpContext, limits._window, "for this user name");
            return Results.Empty;
        });

    private static async ValueTask WriteAsync(HttpContext http, TimeSpan window, string which)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Http.Problems.Details(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                $"too many sign-in attempts {which}; try again in {window.TotalSeconds:0} seconds"),
        });
    }

    private static int Setting(IConfiguration config, string key, int fallback)
    {
        var v = config.GetValue<int?>($"Security:SignIn:{key}") ?? fallback;
        return v >= 1 ? v : throw new InvalidOperationException($"Security:SignIn:{key} must be at least 1, not {v}");
    }

    public void Dispose() => _perUser.Dispose();
}
