using GridGIS.Core.Geo;
using GridGIS.Server.Security;

namespace GridGIS.Server.Features.Viewer;

/// <summary>
/// <c>GET /api/viewer/config</c>: what the web viewer needs to set up its map after sign-in. <c>tileUrl</c> comes from
/// configuration <c>Viewer:TileUrl</c> (an XYZ template such as <c>https://tiles.example/{z}/{x}/{y}.png</c>)
/// for installs that have a base map; null draws layers on a neutral background. <c>tileCrs</c> (configuration
/// <c>Viewer:TileCrs</c>) says which coordinate system those tiles are drawn in: <c>wgs84</c> (Tianditu, WGS84/CGCS2000;
/// the default) or <c>gcj02</c> (AMap, Tencent), which the viewer reprojects onto WGS84 under its layers.
/// </summary>
internal static class ViewerConfigApi
{
    /// <summary>The default map centre: Chaoyang District, Beijing (WGS84 lon, lat).</summary>
    public static readonly double[] DefaultCenter = [116.45, 39.95];

    public static IEndpointRouteBuilder MapViewerConfigApi(this IEndpointRouteBuilder app)
    {
        // A misspelt Viewer:TileCrs stops the server at start, not at each viewer's first request.
        ParseTileCrs(app.ServiceProvider.GetRequiredService<IConfiguration>()["Viewer:TileCrs"]);
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
            TileCrsName(ParseTileCrs(config["Viewer:TileCrs"])), DefaultCenter, 12, Compare.CompareApi.PilotStreetCodes, Capabilities(endpoints), city.Name, city.TimeZone);
    }

    /// <summary>The viewer's settings; <c>TimeZone</c> is an IANA name (Asia/Shanghai).</summary>
    internal sealed record ViewerConfig(string? TileUrl, string? TileAttribution, string TileCrs, double[] Center, int Zoom, string[] PilotStreets,
        Dictionary<string, bool> Capabilities, string CityName, string TimeZone);

    /// <summary>
    /// <c>Viewer:TileCrs</c> parsed where it enters: empty is WGS84; anything but <c>wgs84</c> or <c>gcj02</c> (any case)
    /// throws with a message naming the setting (the server does not start), rather than drawing a basemap ~500 m off its layers.
    /// </summary>
    internal static InputCrs ParseTileCrs(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "wgs84" => InputCrs.Wgs84,
        "gcj02" => InputCrs.Gcj02,
        _ => throw new InvalidOperationException($"configuration Viewer:TileCrs is '{value}': use wgs84 (Tianditu) or gcj02 (AMap, Tencent)"),
    };

    /// <summary>The name the viewer reads: <c>wgs84</c> or <c>gcj02</c>.</summary>
    internal static string TileCrsName(InputCrs crs) => crs == InputCrs.Gcj02 ? "gcj02" : "wgs84";

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
