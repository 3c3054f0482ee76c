using System.Diagnostics;

namespace GridGIS.Server.Security;

/// <summary>
/// One log line per request that names who made it: method, path (never the query string, which may
/// hold names), status, time, the signed-in user (or "-") and the client address; and a logging scope
/// with the same user and client around everything logged while the request is served. Runs after
/// authentication, so refused tokens and forbidden requests are logged with their claimed user.
/// </summary>
internal static class RequestLog
{
    public const string Category = "GridGIS.Requests";

    public static void UseRequestLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (http, next) =>
        {
            var user = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "-";
            var client = SignInRateLimit.ClientOf(http);
            using var scope = log.BeginScope(new Dictionary<string, object> { ["User"] = user, ["Client"] = client });
            var start = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                await next(http);
                failed = false;
            }
            finally
            {
                log.LogInformation("{Method} {Path} answered {Status} in {Milliseconds:0.0} ms for user {User} from {Client}",
                    http.Request.Method, http.Request.Path.Value, failed ? "an exception" : http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds, user, client);
            }
        });
    }
}
