namespace GridGIS.Server.Features.Viewer;

/// <summary>
/// <c>GET /api/viewer/config</c>: what the web viewer needs before sign-in. <c>tileUrl</c> comes from
/// configuration <c>Viewer:TileUrl</c> (an XYZ template such as <c>https://tiles.example/{z}/{x}/{y}.png</c>)
/// for installs that have a base map; null draws layers on a neutral background.
/// </summary>
internal static class ViewerConfigApi
{
    /// <summary>The default map centre: Chaoyang District, Beijing (WGS84 lon, lat).</summary>
    public static readonly double[] DefaultCenter = [116.45, 39.95];

    public static IEndpointRouteBuilder MapViewerConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/viewer/config", (IConfiguration config, EndpointDataSource endpoints) =>
            {
                var tileUrl = config["Viewer:TileUrl"];
                return Results.Ok(new
                {
                    tileUrl = string.IsNullOrWhiteSpace(tileUrl) ? null : tileUrl,
                    tileAttribution = config["Viewer:TileAttribution"],
                    center = DefaultCenter,
                    zoom = 12,
                    pilotStreets = Compare.CompareApi.PilotStreetCodes,
                    capabilities = Capabilities(endpoints),
                });
            })
           // Anonymous: the sign-in screen needs it, and it holds no data, only presentation settings.
           .AllowAnonymous().WithTags("Viewer");
        app.MapViewerFiguresApi();
        return app;
    }

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
