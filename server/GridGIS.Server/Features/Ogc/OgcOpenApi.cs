using System.Text.Json.Nodes;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// The OpenAPI 3.0 document of <c>/ogc</c> (conformance class oas30): every path of the landing page,
/// one items path per collection with its own filters, the security schemes the server accepts.
/// </summary>
internal static class OgcOpenApi
{
    public static JsonObject Document(string baseUrl)
    {
        var paths = new JsonObject
        {
            ["/"] = Get("The landing page", "landingPage", "application/json"),
            ["/conformance"] = Get("The conformance classes implemented", "getConformanceDeclaration", "application/json"),
            ["/api"] = Get("This API definition", "getApiDefinition", "application/vnd.oai.openapi+json;version=3.0"),
            ["/collections"] = Get("The collections", "getCollections", "application/json"),
            ["/tileMatrixSets"] = Get("The tile matrix sets (OGC API - Tiles): WebMercatorQuad", "getTileMatrixSetsList", "application/json"),
            [$"/tileMatrixSets/{OgcTilesets.WebMercatorQuad}"] = Get("WebMercatorQuad (OGC 2D Tile Matrix Set)", "getTileMatrixSet", "application/json"),
        };
        foreach (var c in OgcCollections.All)
        {
            paths[$"/collections/{c.Id}"] = Get($"{c.Title}: metadata", $"describe-{c.Id}", "application/json");
            var items = Get($"{c.Title}: features ({c.GeometryType})", $"get-{c.Id}-items", "application/geo+json");
            var parameters = new JsonArray(
                Query("bbox", "minLon,minLat,maxLon,maxLat in CRS84 degrees", new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = new JsonObject { ["type"] = "number" } }, explode: false),
                Query("limit", "features per page (1..10000, larger values are capped)", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcApi.MaxLimit, ["default"] = OgcApi.DefaultLimit }),
                Query("offset", "features to skip (the next and prev links carry it)", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["default"] = 0 }),
                Query("crs", "the CRS of the answer: CRS84 only", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(OgcApi.Crs84) }),
                Query("bbox-crs", "the CRS of bbox: CRS84 only", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(OgcApi.Crs84) }));
            foreach (var f in c.Filters) parameters.Add(Query(f, $"only features whose {f} is this", new JsonObject { ["type"] = "string" }));
            if (c.HasTime)
                parameters.Add(Query("datetime", "RFC 3339 instant or interval (start/end, '..' open): features whose time (the run's end) lies in it",
                    new JsonObject { ["type"] = "string" }));
            items["get"]!["parameters"] = parameters;
            paths[$"/collections/{c.Id}/items"] = items;
            var one = Get($"{c.Title}: one feature", $"get-{c.Id}-feature", "application/geo+json");
            one["get"]!["parameters"] = new JsonArray(new JsonObject
            {
                ["name"] = "featureId", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = c.TextIds ? "string" : "integer" },
            });
            paths[$"/collections/{c.Id}/items/{{featureId}}"] = one;
            paths[$"/collections/{c.Id}/tiles"] = Get($"{c.Title}: vector tilesets", $"get-{c.Id}-tilesets", "application/json");
            paths[$"/collections/{c.Id}/tiles/{OgcTilesets.WebMercatorQuad}"] =
                Get($"{c.Title}: the vector tileset in WebMercatorQuad (tiles at /tiles/{c.Id}/{{z}}/{{x}}/{{y}}.mvt)", $"get-{c.Id}-tileset", "application/json");
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "GridGIS OGC API - Features", ["version"] = "1.0" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }),
        };
    }

    private static JsonObject Get(string summary, string operationId, string type) => new()
    {
        ["get"] = new JsonObject
        {
            ["summary"] = summary, ["operationId"] = operationId,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = summary, ["content"] = new JsonObject { [type] = new JsonObject() } },
                ["400"] = Problem("a parameter is wrong (ProblemDetails names it)"),
                ["401"] = new JsonObject { ["description"] = "not signed in" },
                ["404"] = Problem("no such collection or feature"),
            },
        },
    };

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description, ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject() },
    };

    private static JsonObject Query(string name, string description, JsonObject schema, bool explode = true) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema,
        ["style"] = "form", ["explode"] = explode,
    };
}
