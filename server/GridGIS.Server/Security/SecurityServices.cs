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
    }

    /// <summary>Exception handling first, then size limits, authentication, authorization, rate limits.</summary>
    public static void UseGridGisErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    public static void UseGridGisSecurity(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // API answers are data, never pages: no sniffing, no framing, no caching of personal data.
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
            return next(http);
        });
        app.UseRequestSizeLimits(app.Configuration.GetValue<long?>("Security:MaxRequestBodyBytes") ?? RequestSizeLimits.DefaultMaxBytes);
        app.UseAuthentication();
        app.UseTokenRevocation();
        app.UseAuthorization();
        app.UseRateLimiter();
    }
}
