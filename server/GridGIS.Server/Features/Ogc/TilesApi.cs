using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Ogc;

/// <summary>A vector-tile layer: its tile query, the tables whose change counters version it, its zooms and attributes.</summary>
/// <param name="Id">The layer name in <c>/tiles/{layer}/...</c> and inside the tile.</param>
/// <param name="Query">Embedded SQL path of the tile query ($1 z, $2 x, $3 y).</param>
/// <param name="Tables">The tables read: a write to any of them changes the layer's version (ETag) in every process.</param>
/// <param name="MinZoom">Below this zoom the layer's tiles are empty (too many features to draw).</param>
/// <param name="Fields">Attribute name to type ("String", "Number", "Boolean"), for TileJSON's vector_layers.</param>
/// <param name="Collection">For layers made from an OGC collection's features (<see cref="CollectionTiles"/>): its id; Query is then unused.</param>
/// <param name="ByRole">Whether the tile's attributes depend on the caller's privacy rule (administrator or not): cached and tagged per rule.</param>
internal sealed record TileLayer(string Id, string Query, string[] Tables, int MinZoom, Dictionary<string, string> Fields,
    string? Collection = null, bool ByRole = false);

/// <summary>
/// Mapbox vector tiles at <c>/tiles/{layer}/{z}/{x}/{y}.mvt</c> (Web Mercator, 4096 units, 64 buffer), made by
/// PostGIS's <c>ST_AsMVT</c> and simplified to the tile's resolution, with a TileJSON 3.0 document per layer at
/// <c>/tiles/{layer}.json</c>. The ETag is the layer's data version (the change counters of migration 0011), so
/// a write to a layer's tables changes exactly that layer's ETags in every server process (<see cref="DataVersions"/>: kept in memory, told by the database); tiles are kept in a
/// bounded in-process cache keyed by that version. Same roles as <c>/api</c>: signed-in users.
/// </summary>
internal static class TilesApi
{
    public const int MaxZoom = 20;
    public const string MediaType = "application/vnd.mapbox-vector-tile";

    public static readonly TileLayer[] Layers =
    [
        new("streets", "Features/Ogc/TileStreets.sql", ["street"], 0,
            new() { ["code"] = "String", ["name_zh"] = "String", ["name_en"] = "String" }),
        new("communities", "Features/Ogc/TileCommunities.sql", ["community", "street"], 0,
            new() { ["code"] = "String", ["name_zh"] = "String", ["name_en"] = "String", ["street_code"] = "String" }),
        new("grids", "Features/Ogc/TileGrids.sql", ["grid", "community"], 10,
            new() { ["code"] = "String", ["kind"] = "String", ["name"] = "String", ["community_code"] = "String" }),
        new("facilities", "Features/Ogc/TileFacilities.sql", ["facility", "facility_category"], 0,
            new() { ["name"] = "String", ["category"] = "String", ["category_zh"] = "String", ["category_en"] = "String", ["capacity"] = "Number" }),
        new("network", "Features/Ogc/TileNetwork.sql", ["walk_edge"], 12,
            new() { ["kind"] = "String", ["oneway"] = "Boolean", ["length_m"] = "Number" }),
        new("basemap", "Features/Ogc/TileBasemap.sql", ["basemap_feature"], 0,
            new() { ["kind"] = "String", ["class"] = "String", ["name"] = "String", ["name_zh"] = "String", ["name_en"] = "String" }),
        new("service-areas", "", ["facility", "facility_category", "walk_edge", "walk_node"], 0,
            new() { ["category"] = "String", ["categoryZh"] = "String", ["categoryEn"] = "String", ["minutes"] = "Number", ["metres"] = "Number", ["mode"] = "String" },
            Collection: "service-areas"),
        new("gaps", "", ["coverage_run"], 0, new()
            {
                ["category"] = "String", ["gapNo"] = "Number", ["areaM2"] = "Number", ["households"] = "Number", ["householdsNotCovered"] = "Number",
                ["residents"] = "Number", ["foreignResidents"] = "Number", ["withheld"] = "Boolean", ["time"] = "String",
            }, Collection: "gaps", ByRole: true),
        CoverageLayer("coverage-streets", ["coverage_run", "street"], 0),
        CoverageLayer("coverage-communities", ["coverage_run", "community"], 0),
        CoverageLayer("coverage-grids", ["coverage_run", "grid"], 10),
    ];

    /// <summary>Coverage per unit: the OGC collection's features, one per unit and category (a style filters on category).</summary>
    private static TileLayer CoverageLayer(string id, string[] tables, int minZoom) => new(id, "", tables, minZoom, new()
    {
        ["category"] = "String", ["code"] = "String", ["name"] = "String", ["households"] = "Number", ["householdsNotCovered"] = "Number",
        ["residents"] = "Number", ["shareCovered"] = "Number", ["foreignResidents"] = "Number", ["accessibility"] = "Number",
        ["withheld"] = "Boolean", ["time"] = "String",
    }, Collection: id, ByRole: true);

    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").RequireAuthorization(Policies.AnyUser).WithTags("Vector tiles");
        tiles.MapGet("/{layer}.json", async (HttpContext http, DataVersions versions, string layer, CancellationToken ct) =>
            Find(layer) is { } l ? Results.Json(await TileJsonAsync(http, versions, l, ct)) : NoLayer(layer))
           .WithSummary("TileJSON 3.0 of a vector-tile layer: tile URL, zooms, bounds and attributes.");
        tiles.MapGet("/{layer}/{z}/{x}/{y}.mvt", TileAsync)
           .WithSummary("One Mapbox vector tile of a layer (streets, communities, grids, facilities, network, basemap, service-areas, gaps, coverage-streets, coverage-communities, coverage-grids); ETag from the layer's data version.");
        tiles.MapFallback("/{**path}", (string? path) => Http.Problems.NotFound(
            $"'/tiles/{path}' is not a tile: /tiles/{{layer}}/{{z}}/{{x}}/{{y}}.mvt or /tiles/{{layer}}.json, layers {string.Join(", ", Layers.Select(l => l.Id))}"));
        return app;
    }

    private static TileLayer? Find(string id) => Layers.FirstOrDefault(l => l.Id == id);

    private static async Task<IResult> TileAsync(HttpContext http, NpgsqlDataSource db, TileCache cache, DataVersions versions, string layer, string z, string x, string y, CancellationToken ct)
    {
        if (Find(layer) is not { } l) return NoLayer(layer);
        if (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var zoom) || zoom > MaxZoom)
            return Bad("z", $"z must be a zoom level 0..{MaxZoom}, not '{Clip(z)}'");
        var n = 1L << zoom;
        if (!long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var col) || col >= n)
            return Bad("x", $"x must be a column 0..{n - 1} at zoom {zoom}, not '{Clip(x)}'");
        if (!long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= n)
            return Bad("y", $"y must be a row 0..{n - 1} at zoom {zoom}, not '{Clip(y)}'");

        var version = await versions.VersionAsync(l.Tables, ct);
        var variant = l.ByRole ? (http.User.IsInRole(Roles.Administrator) ? ":all" : ":restricted") : "";
        var etag = $"\"{l.Id}{variant}:{version}\"";
        http.Response.Headers.ETag = etag;
        // Private: tiles are for signed-in users; revalidated after a minute, answered 304 while the data stands.
        http.Response.Headers.CacheControl = "private, max-age=60, must-revalidate";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(s => s.Trim()).Contains(etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var key = new TileKey(l.Id + variant, version, zoom, col, row);
        if (!cache.TryGet(key, out var bytes))
        {
            bytes = zoom < l.MinZoom ? []
                : l.Collection is { } c ? await CollectionTiles.TileAsync(http, db, l, OgcCollections.Find(c)!, zoom, col, row, ct)
                : await QueryAsync(db, l, zoom, col, row, ct);
            cache.Add(key, bytes);
        }
        return Results.Bytes(bytes, MediaType);
    }

    private static async Task<byte[]> QueryAsync(NpgsqlDataSource db, TileLayer l, int z, long x, long y, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get(l.Query));
        cmd.Parameters.Add(new() { Value = z });
        cmd.Parameters.Add(new() { Value = (int)x });
        cmd.Parameters.Add(new() { Value = (int)y });
        try { return await cmd.ExecuteScalarAsync(ct) as byte[] ?? []; }
        catch (PostgresException e) { throw new InvalidOperationException($"making tile {l.Id}/{z}/{x}/{y}: {e.MessageText}", e); }
    }

    private static async Task<JsonObject> TileJsonAsync(HttpContext http, DataVersions versions, TileLayer l, CancellationToken ct)
    {
        var b = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/tiles";
        var fields = new JsonObject();
        foreach (var (name, type) in l.Fields) fields[name] = type;
        var doc = new JsonObject
        {
            ["tilejson"] = "3.0.0",
            ["name"] = l.Id,
            ["version"] = await versions.VersionAsync(l.Tables, ct),
            ["scheme"] = "xyz",
            ["tiles"] = new JsonArray($"{b}/{l.Id}/{{z}}/{{x}}/{{y}}.mvt"),
            ["minzoom"] = l.MinZoom,
            ["maxzoom"] = MaxZoom,
            ["attribution"] = "GridGIS; walking network © OpenStreetMap contributors where imported from OSM",
            ["vector_layers"] = new JsonArray(new JsonObject { ["id"] = l.Id, ["fields"] = fields, ["minzoom"] = l.MinZoom, ["maxzoom"] = MaxZoom }),
        };
        return doc;
    }

    private static string Clip(string? s, int max = 20) => s is null ? "" : s.Length <= max ? s : s[..max] + "...";

    private static IResult NoLayer(string layer) =>
        Http.Problems.NotFound($"no tile layer '{Clip(layer)}'; the layers are {string.Join(", ", Layers.Select(l => l.Id))}", "layer");

    private static IResult Bad(string parameter, string detail) => Http.Problems.Parameter(parameter, detail);
}

/// <summary>A tile of one version of a layer's data.</summary>
internal readonly record struct TileKey(string Layer, string Version, int Z, long X, long Y);

/// <summary>
/// Made tiles, in process, bounded to <c>Tiles:CacheMegabytes</c> (default 64; 0 turns the cache off): when
/// full, the whole cache is dropped and refilled (tiles are cheap to remake; no per-entry bookkeeping on the
/// hot path). A new data version makes new keys, so an old version's tiles are never served; they go at the
/// next drop.
/// </summary>
internal sealed class TileCache(IConfiguration config)
{
    private readonly long _maxBytes = Math.Max(0, config.GetValue("Tiles:CacheMegabytes", 64L)) * 1024 * 1024;
    private ConcurrentDictionary<TileKey, byte[]> _tiles = new();
    private long _bytes;

    public bool TryGet(TileKey key, out byte[] bytes) => _tiles.TryGetValue(key, out bytes!);

    public void Add(TileKey key, byte[] bytes)
    {
        if (_maxBytes == 0) return;
        if (Interlocked.Add(ref _bytes, bytes.Length + 64) > _maxBytes)
        {
            Interlocked.Exchange(ref _tiles, new ConcurrentDictionary<TileKey, byte[]>());
            Interlocked.Exchange(ref _bytes, bytes.Length + 64);
        }
        _tiles.TryAdd(key, bytes);
    }
}
