using System.Text.Json.Serialization;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Layers;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using NetTopologySuite.IO.Converters;

namespace GridGIS.Server;

/// <summary>Builds the web application: services, middleware and every feature's endpoints.</summary>
public static class GridGisApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var services = builder.Services;

        services.AddSingleton(_ => Database.Create(Database.ConnectionString(builder.Configuration)));
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<Accounts>();
        services.AddSingleton<Features.ServiceAreas.WalkNetworkCache>();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new GeoJsonConverterFactory());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });

        // Bearer tokens protected with keys that every server process of the install shares.
        services.AddDataProtection().SetApplicationName("GridGIS")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(StateDirectory(), "keys")));
        services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        services.AddAuthorization(Policies.Add);

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64L * 1024 * 1024);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().RequireAuthorization(Policies.Admin);
        app.MapAuthApi();
        app.MapLayersApi();
        Features.ServiceAreas.ServiceAreaApi.MapServiceAreaApi(app);
        app.MapFallbackToFile("index.html").AllowAnonymous();
        return app;
    }

    /// <summary>The install's private state folder (ignored by git): keys, generated passwords.</summary>
    public static string StateDirectory()
    {
        var dir = Environment.GetEnvironmentVariable("GRIDGIS_STATE_DIR")
                  ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gridgis");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
