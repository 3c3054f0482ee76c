using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Layers;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// OGC API - Features - Part 1: Core, with GeoJSON and OpenAPI 3.0, at <c>/ogc</c>, so that QGIS and
/// GDAL (driver OAPIF) read the layers directly: landing page, conformance, the API definition,
/// collections with their extents, items with <c>bbox</c>, <c>limit</c> (1..10,000, default 10; larger
/// values are capped), <c>next</c>/<c>prev</c> links that page through every item, the simple
/// property filters of each collection, and <c>crs</c>/<c>bbox-crs</c> CRS84 (the only CRS served).
/// Every path answers with the same roles as <c>/api</c>; unknown paths under <c>/ogc</c> answer 404
/// ProblemDetails. Geometries follow RFC 7946 (counter-clockwise exterior rings, 7 decimals).
/// </summary>
internal static class OgcApi
{
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public const int DefaultLimit = 10;
    public const int MaxLimit = 10_000;
    private const string GeoJson = "application/geo+json";
    private const string OpenApiType = "application/vnd.oai.openapi+json;version=3.0";

    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ];

    /// <summary>Query parameters the items request takes besides each collection's own filters.</summary>
    private static readonly string[] ItemsParameters = ["bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "f"];

    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").RequireAuthorization(Policies.AnyUser).WithTags("OGC API - Features").ExcludeFromDescription();
        ogc.MapGet("/", (HttpContext h) => Results.Json(Landing(Base(h))));
        ogc.MapGet("/conformance", () => Results.Json(new JsonObject { ["conformsTo"] = Array(ConformanceClasses.Concat(OgcTilesets.ConformanceClasses).ToArray()) }));
        ogc.MapGet("/api", (HttpContext h) => Results.Text(OgcOpenApi.Document(Base(h)).ToJsonString(), OpenApiType));
        ogc.MapGet("/collections", async (HttpContext h, NpgsqlDataSource db, CancellationToken ct) =>
        {
            var extents = await ExtentsAsync(db, ct);
            var run = await CoverageCollections.LatestRunAsync(db, ct);
            var b = Base(h);
            return Results.Json(new JsonObject
            {
                ["links"] = Array(Link($"{b}/collections", "self", "application/json", "the collections")),
                ["collections"] = Array(OgcCollections.All.Select(c => Collection(b, c, extents.GetValueOrDefault(c.Id), run?.Finished)).ToArray<JsonNode>()),
            });
        });
        ogc.MapGet("/collections/{collectionId}", async (HttpContext h, NpgsqlDataSource db, string collectionId, CancellationToken ct) =>
            OgcCollections.Find(collectionId) is { } c
                ? Results.Json(Collection(Base(h), c, (await ExtentsAsync(db, ct)).GetValueOrDefault(c.Id), (await CoverageCollections.LatestRunAsync(db, ct))?.Finished))
                : NoCollection(collectionId));
        ogc.MapGet("/collections/{collectionId}/items", ItemsAsync);
        OgcTilesets.Map(ogc, Base);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", ItemAsync);
        ogc.MapFallback("/{**path}", (string? path) => Http.Problems.NotFound(
            $"'/ogc/{path}' is not an OGC API - Features path; start at /ogc (landing page) or /ogc/collections"));
        return app;
    }

    private static async Task<IResult> ItemsAsync(HttpContext http, NpgsqlDataSource db, string collectionId, CancellationToken ct)
    {
        if (OgcCollections.Find(collectionId) is not { } c) return NoCollection(collectionId);
        var q = http.Request.Query;
        foreach (var key in q.Keys)
            if (!ItemsParameters.Contains(key) && !c.Filters.Contains(key))
                return Bad(key, $"unknown parameter '{Clip(key)}' for collection {c.Id}; it takes {string.Join(", ", ItemsParameters.Concat(c.Filters))}");
        if ((CheckCrs(q["crs"], "crs") ?? CheckCrs(q["bbox-crs"], "bbox-crs")) is { } crsError) return crsError;
        if (q["f"] is { Count: > 0 } f && f[0] is not ("json" or "geojson"))
            return Bad("f", $"f must be json or geojson, not '{Clip(f[0])}'");
        TimeInterval? time = null;
        if (q["datetime"] is { Count: > 0 } dt)
        {
            if (!c.HasTime) return Bad("datetime", $"collection {c.Id} has no time: leave datetime out");
            if (!TimeInterval.TryParse(dt[0] ?? "", out time, out var timeError)) return Bad("datetime", timeError!);
        }

        var limit = DefaultLimit;
        if (q["limit"] is { Count: > 0 } l && (!int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            return Bad("limit", $"limit must be a whole number of at least 1, not '{Clip(l[0])}'");
        limit = Math.Min(limit, MaxLimit);
        var offset = 0;
        if (q["offset"] is { Count: > 0 } o && !int.TryParse(o[0], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return Bad("offset", $"offset must be a whole number of at least 0, not '{Clip(o[0])}'");
        if (!BoundingBox.TryParse(q["bbox"], out var box, out var bboxError)) return Bad("bbox", bboxError!);

        var filters = new Dictionary<string, string>();
        foreach (var name in c.Filters)
            if (q[name] is { Count: > 0 } v && !string.IsNullOrWhiteSpace(v[0])) filters[name] = v[0]!.Trim();
        var page = await c.Page(new OgcRequest(http, db, null, box, limit, offset, filters, time), ct);
        var matched = page["numberMatched"]!.GetValue<long>();
        var returned = page["numberReturned"]!.GetValue<long>();

        var self = $"{Base(http)}/collections/{c.Id}/items";
        string Page(int at) => self + "?" + string.Join("&", q.Where(kv => kv.Key is not ("offset" or "limit"))
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"limit={limit}").Append($"offset={at}"));
        var links = new JsonArray(Link(Page(offset), "self", GeoJson, "this page"),
            Link($"{Base(http)}/collections/{c.Id}", "collection", "application/json", c.Title));
        if (offset + returned < matched) links.Add(Link(Page(offset + limit), "next", GeoJson, "next page"));
        if (offset > 0) links.Add(Link(Page(Math.Max(0, offset - limit)), "prev", GeoJson, "previous page"));
        page["links"] = links;
        page["timeStamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        http.Response.Headers["Content-Crs"] = $"<{Crs84}>";
        Privacy(http, page);
        return Results.Text(page.ToJsonString(), GeoJson);
    }

    private static async Task<IResult> ItemAsync(HttpContext http, NpgsqlDataSource db, string collectionId, string featureId, CancellationToken ct)
    {
        if (OgcCollections.Find(collectionId) is not { } c) return NoCollection(collectionId);
        if (CheckCrs(http.Request.Query["crs"], "crs") is { } crsError) return crsError;
        if (!c.TextIds && !long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return Http.Problems.NotFound($"no feature '{Clip(featureId)}' in collection {c.Id} (feature ids are whole numbers)", "featureId");
        var page = await c.Page(new OgcRequest(http, db, featureId, null, 1, 0, new Dictionary<string, string>(), null), ct);
        if (page["features"] is not JsonArray { Count: > 0 } features)
            return Http.Problems.NotFound($"no feature '{Clip(featureId)}' in collection {c.Id}", "featureId");
        var feature = (JsonObject)features[0]!.DeepClone();
        var b = Base(http);
        feature["links"] = new JsonArray(Link($"{b}/collections/{c.Id}/items/{Uri.EscapeDataString(featureId)}", "self", GeoJson, "this feature"),
            Link($"{b}/collections/{c.Id}", "collection", "application/json", c.Title));
        http.Response.Headers["Content-Crs"] = $"<{Crs84}>";
        Privacy(http, page);
        return Results.Text(feature.ToJsonString(), GeoJson);
    }

    /// <summary>A collection with figures says in a header (and in the page's <c>privacy</c>) what the privacy rule withheld.</summary>
    private static void Privacy(HttpContext http, JsonObject page)
    {
        if (page.ContainsKey("privacy"))
            http.Response.Headers["X-GridGIS-Privacy"] = page["privacy"]?.GetValue<string>() ?? "not suppressed (administrator)";
    }

    private static JsonObject Landing(string b) => new()
    {
        ["title"] = "GridGIS",
        ["description"] = "Streets, communities, grids, facilities, the walking network, service areas, coverage and gaps and the basemap of a GridGIS city, as OGC API - Features.",
        ["links"] = Array(
            Link(b, "self", "application/json", "this document"),
            Link($"{b}/api", "service-desc", OpenApiType, "the API definition"),
            Link($"{b}/conformance", "conformance", "application/json", "OGC API conformance classes implemented by this server"),
            Link($"{b}/collections", "data", "application/json", "the collections"),
            Link($"{b}/tileMatrixSets", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "application/json", "the tile matrix sets (OGC API - Tiles)")),
    };

    /// <summary>A collection's metadata; <paramref name="runTime"/> (the latest complete run's end) is the temporal extent of collections with time.</summary>
    private static JsonObject Collection(string b, OgcCollection c, double[]? extent, DateTimeOffset? runTime)
    {
        var o = new JsonObject
        {
            ["id"] = c.Id, ["title"] = c.Title, ["description"] = c.Description, ["itemType"] = "feature",
            ["crs"] = Array(Crs84), ["storageCrs"] = Crs84,
            ["links"] = Array(
                Link($"{b}/collections/{c.Id}", "self", "application/json", c.Title),
                Link($"{b}/collections/{c.Id}/items", "items", GeoJson, $"{c.Title}: the features"),
                Link($"{b}/collections/{c.Id}/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "application/json", $"{c.Title}: vector tilesets")),
        };
        if (extent is not null)
            o["extent"] = new JsonObject
            {
                ["spatial"] = new JsonObject { ["bbox"] = new JsonArray(Array(extent.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())), ["crs"] = Crs84 },
            };
        if (c.HasTime && runTime is { } t)
        {
            var time = CoverageCollections.Time(t);
            var e = o["extent"] as JsonObject ?? new JsonObject();
            e["temporal"] = new JsonObject { ["interval"] = new JsonArray(Array(time, time)), ["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" };
            o["extent"] = e;
        }
        return o;
    }

    /// <summary>Each collection's extent (min lon, min lat, max lon, max lat), from the tables' bounding boxes; none when empty.</summary>
    private static async Task<Dictionary<string, double[]>> ExtentsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Ogc/ListCollectionExtents.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var extents = new Dictionary<string, double[]>();
        while (await r.ReadAsync(ct))
            if (!r.IsDBNull(1)) extents[r.GetString(0)] = [r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)];
        return extents;
    }

    /// <summary>The landing page's address as the client reached it (scheme, host, port), without a trailing slash.</summary>
    private static string Base(HttpContext h) => $"{h.Request.Scheme}://{h.Request.Host}{h.Request.PathBase}/ogc";

    private static IResult? CheckCrs(Microsoft.Extensions.Primitives.StringValues value, string parameter) =>
        value.Count == 0 || value[0] is Crs84 ? null
            : Bad(parameter, $"{parameter} must be {Crs84} (the only CRS served), not '{Clip(value[0])}'");

    private static JsonObject Link(string href, string rel, string type, string title) =>
        new() { ["href"] = href, ["rel"] = rel, ["type"] = type, ["title"] = title };

    private static JsonArray Array(params JsonNode[] nodes) => new(nodes);

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string Clip(string? s, int max = 40) => s is null ? "" : s.Length <= max ? s : s[..max] + "...";

    private static IResult NoCollection(string id) =>
        Http.Problems.NotFound($"no collection '{Clip(id)}'; the collections are {string.Join(", ", OgcCollections.All.Select(c => c.Id))}", "collectionId");

    private static IResult Bad(string parameter, string detail) => Http.Problems.Parameter(parameter, detail);
}
