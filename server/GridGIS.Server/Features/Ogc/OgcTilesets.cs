using System.Text.Json.Nodes;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// OGC API - Tiles tileset metadata over the vector tiles of <c>/tiles</c>: the tile matrix set WebMercatorQuad
/// (<c>/ogc/tileMatrixSets/WebMercatorQuad</c>, OGC 2D Tile Matrix Set 2.0 JSON), and for each collection with a tile
/// layer its tileset list (<c>/ogc/collections/{id}/tiles</c>) and tileset (<c>.../tiles/WebMercatorQuad</c>), whose
/// templated <c>item</c> link is the <c>/tiles/{layer}/{z}/{x}/{y}.mvt</c> URL (same roles, ETags and cache).
/// </summary>
internal static class OgcTilesets
{
    public const string WebMercatorQuad = "WebMercatorQuad";
    public const string TmsUri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    private const string Crs3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
    private const double Origin = 20037508.3427892;

    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    ];

    public static void Map(RouteGroupBuilder ogc, Func<HttpContext, string> baseUrl)
    {
        ogc.MapGet("/tileMatrixSets", (HttpContext h) => Results.Json(new JsonObject
        {
            ["tileMatrixSets"] = new JsonArray(new JsonObject
            {
                ["id"] = WebMercatorQuad, ["title"] = "Google Maps Compatible for the World", ["uri"] = TmsUri,
                ["links"] = new JsonArray(Link($"{baseUrl(h)}/tileMatrixSets/{WebMercatorQuad}", "self", "application/json", WebMercatorQuad)),
            }),
        }));
        ogc.MapGet("/tileMatrixSets/{id}", (string id) => id == WebMercatorQuad ? Results.Json(Matrices())
            : Http.Problems.NotFound($"no tile matrix set '{(id.Length > 40 ? id[..40] + "..." : id)}'; the one served is {WebMercatorQuad}", "id"));
        ogc.MapGet("/collections/{collectionId}/tiles", (HttpContext h, string collectionId) => Layer(collectionId) is { } l
            ? Results.Json(new JsonObject { ["links"] = new JsonArray(Link($"{baseUrl(h)}/collections/{l.Id}/tiles", "self", "application/json", "tilesets")),
                                            ["tilesets"] = new JsonArray(Summary(baseUrl(h), l)) })
            : NoTiles(collectionId));
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}", (HttpContext h, string collectionId, string tileMatrixSetId) =>
            Layer(collectionId) is not { } l ? NoTiles(collectionId)
            : tileMatrixSetId != WebMercatorQuad ? Http.Problems.NotFound($"collection {l.Id} is tiled in {WebMercatorQuad} only", "tileMatrixSetId")
            : Results.Json(Tileset(h, baseUrl(h), l)));
    }

    private static TileLayer? Layer(string collectionId) => TilesApi.Layers.FirstOrDefault(l => l.Id == collectionId && OgcCollections.Find(l.Id) is not null);

    private static IResult NoTiles(string id) => Http.Problems.NotFound(
        $"no tiled collection '{(id.Length > 40 ? id[..40] + "..." : id)}'; tiled: {string.Join(", ", TilesApi.Layers.Where(l => OgcCollections.Find(l.Id) is not null).Select(l => l.Id))}",
        "collectionId");

    private static JsonObject Summary(string b, TileLayer l) => new()
    {
        ["title"] = $"{l.Id}: Mapbox vector tiles", ["dataType"] = "vector", ["crs"] = Crs3857, ["tileMatrixSetURI"] = TmsUri,
        ["links"] = new JsonArray(
            Link($"{b}/collections/{l.Id}/tiles/{WebMercatorQuad}", "self", "application/json", $"{l.Id} tileset"),
            Link($"{b}/tileMatrixSets/{WebMercatorQuad}", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json", WebMercatorQuad)),
    };

    private static JsonObject Tileset(HttpContext h, string b, TileLayer l)
    {
        var tiles = $"{h.Request.Scheme}://{h.Request.Host}{h.Request.PathBase}/tiles/{l.Id}/{{tileMatrix}}/{{tileCol}}/{{tileRow}}.mvt";
        var properties = new JsonObject();
        foreach (var (name, type) in l.Fields)
            properties[name] = new JsonObject { ["type"] = type switch { "Number" => "number", "Boolean" => "boolean", _ => "string" } };
        var o = Summary(b, l);
        var item = Link(tiles, "item", TilesApi.MediaType, $"{l.Id} tiles");
        item["templated"] = true;
        ((JsonArray)o["links"]!).Add(item);
        o["tileMatrixSetLimits"] = new JsonArray(Enumerable.Range(l.MinZoom, TilesApi.MaxZoom - l.MinZoom + 1).Select(z => (JsonNode)new JsonObject
        {
            ["tileMatrix"] = z.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["minTileRow"] = 0, ["maxTileRow"] = (1L << z) - 1, ["minTileCol"] = 0, ["maxTileCol"] = (1L << z) - 1,
        }).ToArray());
        o["layers"] = new JsonArray(new JsonObject
        {
            ["id"] = l.Id, ["dataType"] = "vector", ["geometryType"] = OgcCollections.Find(l.Id)!.GeometryType switch
            {
                "Point" => "points", "LineString" => "lines", "Geometry" => "geometry", _ => "polygons",
            },
            ["minTileMatrix"] = l.MinZoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["maxTileMatrix"] = TilesApi.MaxZoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["propertiesSchema"] = new JsonObject { ["type"] = "object", ["properties"] = properties },
        });
        return o;
    }

    /// <summary>WebMercatorQuad as OGC 2D Tile Matrix Set 2.0 JSON: 256-pixel tiles, 0.28 mm pixels, zooms 0..MaxZoom.</summary>
    private static JsonObject Matrices() => new()
    {
        ["id"] = WebMercatorQuad, ["title"] = "Google Maps Compatible for the World", ["uri"] = TmsUri, ["crs"] = Crs3857,
        ["orderedAxes"] = new JsonArray("X", "Y"),
        ["wellKnownScaleSet"] = "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        ["tileMatrices"] = new JsonArray(Enumerable.Range(0, TilesApi.MaxZoom + 1).Select(z =>
        {
            var cell = 2 * Origin / 256 / (1L << z);
            return (JsonNode)new JsonObject
            {
                ["id"] = z.ToString(System.Globalization.CultureInfo.InvariantCulture), ["scaleDenominator"] = cell / 0.00028, ["cellSize"] = cell,
                ["cornerOfOrigin"] = "topLeft", ["pointOfOrigin"] = new JsonArray(-Origin, Origin),
                ["tileWidth"] = 256, ["tileHeight"] = 256, ["matrixWidth"] = 1L << z, ["matrixHeight"] = 1L << z,
            };
        }).ToArray()),
    };

    private static JsonObject Link(string href, string rel, string type, string title) =>
        new() { ["href"] = href, ["rel"] = rel, ["type"] = type, ["title"] = title };
}
