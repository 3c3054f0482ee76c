using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Layers;

/// <summary>
/// Read API for every public layer as GeoJSON (RFC 7946) FeatureCollections, filtered by street,
/// community, category and bbox, paged with limit/offset. Households are not here: they are
/// personal data behind the grid-work role.
/// </summary>
internal static class LayersApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapLayersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.AnyUser).WithTags("Layers");

        api.MapGet("/streets", (HttpContext h, NpgsqlDataSource db, string? bbox, int? limit, int? offset, CancellationToken ct) =>
            Layer<StreetProperties>(db, "ListStreets", null, bbox, limit, offset, [], ct));
        api.MapGet("/streets/{id:int}", (NpgsqlDataSource db, int id, CancellationToken ct) => One<StreetProperties>(db, "ListStreets", id, [], ct));
        api.MapGet("/streets/figures", (NpgsqlDataSource db, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                Json<StreetFigures[]>(db, "StreetFigures", [DBNull.Value, Suppress(user)], ct))
           .WithSummary("Per-street figures: the published 2010 figures and the counts of the loaded households, each labelled.");
        api.MapGet("/streets/{id:int}/figures", StreetFiguresAsync);

        api.MapGet("/communities", (NpgsqlDataSource db, string? bbox, int? limit, int? offset, string? street, CancellationToken ct) =>
            Layer<CommunityProperties>(db, "ListCommunities", null, bbox, limit, offset, [Code(street)], ct));
        api.MapGet("/communities/{id:int}", (NpgsqlDataSource db, int id, CancellationToken ct) =>
            One<CommunityProperties>(db, "ListCommunities", id, [DBNull.Value], ct));

        api.MapGet("/grids", (NpgsqlDataSource db, string? bbox, int? limit, int? offset, string? street, string? community, string? kind, CancellationToken ct) =>
            Layer<GridProperties>(db, "ListGrids", null, bbox, limit, offset, [Code(street), Code(community), Code(kind)], ct));
        api.MapGet("/grids/{id:int}", (NpgsqlDataSource db, int id, CancellationToken ct) =>
            One<GridProperties>(db, "ListGrids", id, [DBNull.Value, DBNull.Value, DBNull.Value], ct));

        api.MapGet("/facilities", (NpgsqlDataSource db, string? bbox, int? limit, int? offset, string? street, string? category, CancellationToken ct) =>
            Layer<FacilityProperties>(db, "ListFacilities", null, bbox, limit, offset, [Code(street), Code(category)], ct));
        api.MapGet("/facilities/{id:int}", (NpgsqlDataSource db, int id, CancellationToken ct) =>
            One<FacilityProperties>(db, "ListFacilities", id, [DBNull.Value, DBNull.Value], ct));

        api.MapGet("/categories", (NpgsqlDataSource db, CancellationToken ct) => Json<CategoryInfo[]>(db, "ListCategories", [], ct));

        api.MapGet("/network/edges", (NpgsqlDataSource db, string? bbox, int? limit, int? offset, CancellationToken ct) =>
            Layer<WalkEdgeProperties>(db, "ListWalkEdges", null, bbox, limit, offset, [], ct));
        api.MapGet("/network/edges/{id:long}", (NpgsqlDataSource db, long id, CancellationToken ct) =>
            One<WalkEdgeProperties>(db, "ListWalkEdges", id, [], ct));
        return app;
    }

    /// <summary>Small counts are withheld for every role but administrator (<see cref="GridGIS.Core.Privacy.SmallCounts"/>).</summary>
    private static bool Suppress(System.Security.Claims.ClaimsPrincipal user) => !user.IsInRole(Roles.Administrator);

    private static object Code(string? s) => string.IsNullOrWhiteSpace(s) ? DBNull.Value : s.Trim();

    private static async Task<Results<GeoJsonResult<LayerCollection<TProperties>>, BadRequestProblem>> Layer<TProperties>(NpgsqlDataSource db, string query, object? id, string? bbox, int? limit, int? offset,
        object[] extra, CancellationToken ct) where TProperties : class
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return Problems.Parameter("limit", $"limit must be between 1 and {MaxLimit}, not {take}");
        var skip = offset ?? 0;
        if (skip < 0) return Problems.Parameter("offset", "offset must not be negative");
        if (!BoundingBox.TryParse(bbox, out var box, out var error)) return Problems.Parameter("bbox", error!);
        object[] args = [id ?? DBNull.Value, Nullable(box?.MinLon), Nullable(box?.MinLat), Nullable(box?.MaxLon), Nullable(box?.MaxLat), take, skip, .. extra];
        var json = await Scalar(db, query, args, ct);
        return new GeoJsonResult<LayerCollection<TProperties>>(json ?? """{"type":"FeatureCollection","features":[]}""");
    }

    private static async Task<Results<GeoJsonResult<GeoJsonFeature<TProperties>>, NotFoundProblem>> One<TProperties>(NpgsqlDataSource db, string query, object id, object[] extra, CancellationToken ct) where TProperties : class
    {
        object[] args = [id, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, 1, 0, .. extra];
        var json = await Scalar(db, query, args, ct);
        using var doc = System.Text.Json.JsonDocument.Parse(json!);
        var features = doc.RootElement.GetProperty("features");
        if (features.GetArrayLength() == 0) return Problems.NotFound($"no {FeatureName(query)} with id {id}", "id");
        return new GeoJsonResult<GeoJsonFeature<TProperties>>(features[0].GetRawText());
    }

    private static async Task<JsonTextResult<TSchema>> Json<TSchema>(NpgsqlDataSource db, string query, object[] args, CancellationToken ct) =>
        new(await Scalar(db, query, args, ct) ?? "[]");

    private static async Task<Results<JsonTextResult<StreetFigures>, NotFoundProblem>> StreetFiguresAsync(NpgsqlDataSource db,
        System.Security.Claims.ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var json = await Scalar(db, "StreetFigures", [id, Suppress(user)], ct);
        return json is null or "[]" ? Problems.NotFound($"no street with id {id}", "id") : new JsonTextResult<StreetFigures>(json[1..^1]);
    }

    internal static async Task<string?> Scalar(NpgsqlDataSource db, string query, object[] args, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get($"Features/Layers/{query}.sql"));
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private static string FeatureName(string query) => query switch
    {
        "ListStreets" => "street",
        "ListCommunities" => "community",
        "ListGrids" => "grid",
        "ListFacilities" => "facility",
        "ListWalkEdges" => "walking-network edge",
        _ => "feature",
    };

    private static object Nullable(double? v) => v is { } d ? d : DBNull.Value;
}
