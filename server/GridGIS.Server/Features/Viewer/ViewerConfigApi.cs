using GridGIS.Server.Security;

namespace GridGIS.Server.Features.Viewer;

/// <summary>
/// <c>GET /api/viewer/config</c>: what the web viewer needs to set up its map after sign-in. <c>tileUrl</c> comes from
/// configuration <c>Viewer:TileUrl</c> (an XYZ template such as <c>https://tiles.example/{z}/{x}/{y}.png</c>)
/// for installs that have a base map; null draws layers on a neutral background.
/// </summary>
internal static class ViewerConfigApi
{
    /// <summary>The default map centre: Chaoyang District, Beijing (WGS84 lon, lat).</summary>
    public static readonly double[] DefaultCenter = [116.45, 39.95];

    public static IEndpointRouteBuilder MapViewerConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/viewer/config", (IConfiguration config, EndpointDataSource endpoints, GridGIS.Core.Geo.CityProfile city) =>
                TypedResults.Ok(Describe(config, endpoints, city)))
           .RequireAuthorization(Policies.AnyUser).WithTags("Viewer");
        app.MapViewerFiguresApi();
        return app;
    }

    /// <summary>
    /// The viewer's settings: base-map tiles from configuration, default view, pilot streets, capabilities, and the
    /// city's name and IANA time zone (the viewer shows a run's time in it, not in UTC). No city: the default profile's.
    /// </summary>
    internal static ViewerConfig Describe(IConfiguration config, EndpointDataSource endpoints, GridGIS.Core.Geo.CityProfile? city = null)
    {
        var tileUrl = config["Viewer:TileUrl"];
        city ??= GridGIS.Core.Geo.CityProfile.Default;
        return new ViewerConfig(string.IsNullOrWhiteSpace(tileUrl) ? null : tileUrl.Trim(), config["Viewer:TileAttribution"],
            DefaultCenter, 12, Compare.CompareApi.PilotStreetCodes, Capabilities(endpoints), city.Name, city.TimeZone);
    }

    /// <summary>The viewer's settings; <c>TimeZone</c> is an IANA name (Asia/Shanghai).</summary>
    internal sealed record ViewerConfig(string? TileUrl, string? TileAttribution, double[] Center, int Zoom, string[] PilotStreets,
        Dictionary<string, bool> Capabilities, string CityName, string TimeZone);

    /// <summary>
    /// Which optional features this server has, so the viewer only calls endpoints that exist
    /// (service areas, coverage runs, household lists come from other features).
    /// </summary>
    internal static Dictionary<string, bool> Capabilities(EndpointDataSource endpoints)
    {
        var patterns = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText?.TrimStart('/') ?? "", @"\{[^}]*\}", "{}"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new Dictionary<string, bool>
        {
            ["serviceAreas"] = patterns.Contains("/api/service-areas"),
            ["coverage"] = patterns.Contains("/api/coverage/runs/{}/gaps"),
            ["households"] = patterns.Contains("/api/grids/{}/households"),
            ["heatmap"] = patterns.Contains("/api/heatmap"),
            ["compare"] = patterns.Contains("/api/compare"),
        };
    }
}
