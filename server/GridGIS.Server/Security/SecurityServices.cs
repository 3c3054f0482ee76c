using Microsoft.AspNetCore.DataProtection;

namespace GridGIS.Server.Security;

/// <summary>
/// The security wiring of the web application in one place: authentication (bearer token or
/// X-Api-Key), role policies with a refusing fallback, sign-in rate limits, request size limits and
/// ProblemDetails for every error.
/// </summary>
internal static class SecurityServices
{
    public static void AddGridGisSecurity(this WebApplicationBuilder builder, string stateDirectory)
    {
        var services = builder.Services;
        services.AddSingleton<Accounts>();
        services.AddSingleton<BasicCredentialCache>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Http.Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad query strings, route values and bodies throw BadHttpRequestException, which the handler
        // above turns into a 400 ProblemDetails that says which parameter is wrong (the default is an empty 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Bearer tokens protected with keys that every server process of the install shares.
        services.AddDataProtection().SetApplicationName("GridGIS")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(stateDirectory, "keys")));
        ApiKeyAuthentication.Add(services)
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        services.AddAuthorization(Policies.Add);
        SignInRateLimit.AddServices(services, builder.Configuration);
        services.AddSingleton<ExpensiveRequests>();
    }

    /// <summary>
    /// Exception handling first, then size limits, authentication, authorization, rate limits. Every
    /// request's token (<see cref="HttpContext.RequestAborted"/>, which handlers receive as their
    /// CancellationToken) also fires when the server starts stopping, so that long work ends within
    /// seconds of SIGTERM instead of holding the shutdown until it is killed; such a request answers 503.
    /// </summary>
    public static void UseGridGisErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (http, next) =>
        {
            var aborted = http.RequestAborted;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
            http.RequestAborted = either.Token;
            try { await next(http); }
            finally { http.RequestAborted = aborted; }
        });
    }

    public static void UseGridGisSecurity(this WebApplication app)
    {
        app.UseRequestSizeLimits(app.Configuration.GetValue<long?>("Security:MaxRequestBodyBytes") ?? RequestSizeLimits.DefaultMaxBytes);
        app.UseAuthentication();
        app.UseRequestLog();
        Data.Audit.UseAuditClient(app);
        app.UseTokenRevocation();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseUnsafeTextChecks();
    }
}
