using System.Text.Json.Serialization;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Features.Export;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Features.Households;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.City;
using GridGIS.Server.Features.Compare;
using GridGIS.Server.Features.Health;
using GridGIS.Server.Features.Heatmap;
using GridGIS.Server.Features.Languages;
using GridGIS.Server.Features.Layers;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.Viewer;
using GridGIS.Server.Features.Ogc;
using GridGIS.Server.Security;
using NetTopologySuite.IO.Converters;

namespace GridGIS.Server;

/// <summary>Builds the web application: services, middleware and every feature's endpoints.</summary>
public static class GridGisApp
{
    /// <param name="args">command-line configuration (--urls, --Section:Key value)</param>
    /// <param name="configure">runs first, on the builder (configuration sources)</param>
    /// <param name="lastServices">runs on the services once every feature has registered its own</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? lastServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var services = builder.Services;

        services.AddSingleton(_ => Database.Create(Database.ConnectionString(builder.Configuration)));
        services.TryAddSingletonTimeProvider();
        builder.AddGridGisSecurity(StateDirectory());
        services.AddCityProfile();
        services.AddWalkNetwork();
        services.AddSingleton<Features.ServiceAreas.CategoryAreaCache>();
        services.AddSingleton<Features.Heatmap.HeatmapCache>();
        services.AddSingleton<Features.Siting.SitingBaseCache>();
        services.AddSingleton<Features.Import.ImportJobs>();
        services.AddSingleton<TileCache>();
        services.AddSingleton<DataVersions>();
        services.AddSingleton<Features.Ogc.CoverageCollections.DisclosureCache>();
        services.AddHostedService(sp => sp.GetRequiredService<DataVersions>());
        services.AddOpenApi(o => o.AddSchemaTransformer(Http.OpenApiSchemas.TransformAsync)
                                  .AddDocumentTransformer((d, _, _) => { d.Info.Title = "GridGIS"; return Task.CompletedTask; }));
        services.ConfigureHttpJsonOptions(o =>
        {
            // RFC 7946 section 3.1.6: exterior rings counter-clockwise, holes clockwise, whatever the stored order.
            o.SerializerOptions.Converters.Add(new GeoJsonConverterFactory(false, GeoJsonConverterFactory.DefaultIdPropertyName, RingOrientationOption.EnforceRfc9746));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Refusing();   // control characters and bidirectional overrides in request bodies: 400
        });

        services.AddCoverage(builder.Configuration);
        services.AddHealth();
        // SIGTERM: in-flight requests are cancelled at once (UseGridGisErrors) and the host waits at most this
        // long for them and for Hangfire's workers, so that a service manager's stop never has to kill.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64L * 1024 * 1024);
        lastServices?.Invoke(services);

        var app = builder.Build();
        app.UseGridGisSecurityHeaders();     // first: static files and error answers carry them too
        app.UseGridGisErrors();
        app.UseHealth();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseGridGisSecurity();

        app.MapOpenApi().RequireAuthorization(Policies.Admin);
        app.MapAuthApi();
        app.MapLayersApi();
        app.MapImportApi();
        app.MapExportApi();
        Features.ServiceAreas.ServiceAreaApi.MapServiceAreaApi(app);
        Features.Network.NetworkImportApi.MapNetworkImportApi(app);
        Features.Facilities.OsmFacilityApi.MapOsmFacilityApi(app);
        Features.Basemap.BasemapApi.MapBasemapApi(app);
        Features.Network.NetworkApi.MapNetworkApi(app);
        app.MapGridsApi().MapGridWorkersApi().MapHouseholdsApi();
        app.MapApiKeysApi();
        DashboardSession.Map(app);
        app.MapApiNotFound();
        app.MapOgcApi();
        app.MapTilesApi();
        app.MapCoverageApi();
        app.MapLanguageCoverageApi().MapFacilityLanguagesApi();
        app.MapCoverageDashboard();
        app.MapHeatmapApi();
        app.MapViewerConfigApi();
        app.MapCompareApi();
        Features.Siting.ScenariosApi.MapScenariosApi(app);
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
