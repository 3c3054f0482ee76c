using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using GridGIS.Core.Density;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Layers;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using NetTopologySuite.IO.Converters;
using Npgsql;

namespace GridGIS.Server.Features.Heatmap;

/// <summary>
/// <c>GET /api/heatmap?metric=foreign|residents&amp;bbox=..&amp;zoom=..</c>: household density as the whole cells of
/// one fixed lattice (Core's <see cref="HeatmapPyramid"/>) that meet the bbox, cell size chosen by zoom and view
/// size. A cell's figure depends on the data and the cell only, never on the bbox: the lattice is built over every
/// household and cached per data version (<see cref="HeatmapCache"/>). For every role but administrator, every
/// figure is a sum of groups of at least 5 households (for metric=foreign, of households with foreign residents),
/// and the response says so. Grid workers count only their own grids' households.
/// </summary>
internal static class HeatmapApi
{
    /// <summary>A heatmap cell: its households and value (persons of the metric), per km2; merged cells joined small neighbours.</summary>
    internal sealed record CellProperties(string Layer, long Households, long Value, double ValuePerKm2, bool Merged);

    /// <summary>The cells (GeoJSON, WGS84) of one lattice level; <paramref name="Households"/> says which households are counted,
    /// <paramref name="CellSizeM"/> is in metres of the city's metric CRS.</summary>
    internal sealed record HeatmapCollection(string Type, string Metric, string Households, double Zoom, double CellSizeM, string CellCrs, bool OwnGridsOnly,
        bool Suppressed, int Threshold, int MergedCells, string Note,
        IReadOnlyList<GeoJsonFeature<CellProperties>> Features);

    public static IEndpointRouteBuilder MapHeatmapApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/heatmap", GetAsync).RequireAuthorization(Policies.AnyUser).LimitAsExpensive().WithTags("Heatmap")
           .WithSummary("Heatmap cells (GeoJSON) of residents or foreign residents in a bbox: whole cells of a fixed lattice; small groups merged or withheld.");
        return app;
    }

    private static async Task<Results<GeoJsonResult<HeatmapCollection>, BadRequestProblem>> GetAsync(NpgsqlDataSource db, HeatmapCache cache, CityProfile city,
        ClaimsPrincipal user, string? metric, string? bbox, double? zoom, CancellationToken ct)
    {
        if (!EnumText.TryParse(metric, HeatmapMetric.Foreign, out var which)) return EnumText.BadParameter<HeatmapMetric>("metric", metric);
        if (string.IsNullOrWhiteSpace(bbox)) return Problems.Parameter("bbox", "bbox is required: minLon,minLat,maxLon,maxLat (WGS84 degrees)");
        if (!BoundingBox.TryParse(bbox, out var box, out var error)) return Problems.Parameter("bbox", error!);
        if (zoom is not { } z || !double.IsFinite(z) || z < 0 || z > 24) return Problems.Parameter("zoom", "zoom is required, a number between 0 and 24");

        var projection = city.Projection;
        var corners = new[] { projection.Forward(box!.MinLon, box.MinLat), projection.Forward(box.MaxLon, box.MinLat),
                              projection.Forward(box.MinLon, box.MaxLat), projection.Forward(box.MaxLon, box.MaxLat) };
        double x0 = corners.Min(c => c.X), x1 = corners.Max(c => c.X), y0 = corners.Min(c => c.Y), y1 = corners.Max(c => c.Y);
        var level = HeatmapPyramid.LevelOf(HeatmapCellSize.For(z, x1 - x0, y1 - y0));

        var isAdmin = user.IsInRole(Roles.Administrator);
        var worker = user.IsInRole(Roles.GridWorker) ? user.Identity?.Name ?? "" : null;
        HeatmapPyramid pyramid;
        if (worker is null) pyramid = await cache.GetAsync(which, suppress: !isAdmin, ct);
        else
        {
            var rows = await HeatmapCache.LoadAsync(db, worker, city.MetricEpsg, ct);
            pyramid = new HeatmapPyramid(which == HeatmapMetric.Foreign ? rows.Foreign : rows.Residents, suppress: !isAdmin);
        }
        var result = pyramid.Cells(level, x0, y0, x1, y1);
        return new GeoJsonResult<HeatmapCollection>(ToGeoJson(result, which, z, worker is not null, city));
    }

    /// <summary>Each cell's GeoJSON feature, made once per cell: the cells of a cached pyramid live as long as it does.</summary>
    private static readonly ConditionalWeakTable<HeatmapCell, string> Features = [];

    private static string Feature(HeatmapCell c, LocalProjection projection) => Features.GetValue(c, c => new JsonObject
    {
        ["type"] = "Feature",
        ["geometry"] = JsonSerializer.SerializeToNode(projection.Inverse(c.Polygon), GeoJson),
        ["properties"] = new JsonObject
        {
            ["layer"] = "heatmap", ["households"] = c.Households, ["value"] = c.Value,
            ["valuePerKm2"] = Math.Round(c.ValuePerKm2, 1), ["merged"] = c.Merged,
        },
    }.ToJsonString());

    private static string ToGeoJson(HeatmapResult r, HeatmapMetric metric, double zoom, bool ownGridsOnly, CityProfile city)
    {
        var head = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["metric"] = metric == HeatmapMetric.Foreign ? "foreign" : "residents",
            ["households"] = metric == HeatmapMetric.Foreign ? "households with foreign residents" : "all households",
            ["zoom"] = zoom,
            ["cellSizeM"] = r.CellSizeM,
            ["cellCrs"] = $"cells are squares of a fixed lattice (50 m x 2^k, origin 0,0) in EPSG:{city.MetricEpsg} (CGCS2000 GK CM {city.CentralMeridian}E); geometry in WGS84",
            ["ownGridsOnly"] = ownGridsOnly,
            ["suppressed"] = r.Suppressed,
            ["threshold"] = r.Threshold,
            ["mergedCells"] = r.MergedCells,
            ["note"] = r.Suppressed
                ? $"to protect privacy every figure sums groups of at least {r.Threshold} households: households in smaller groups are shown in a merged block, at a coarser zoom, or not at all"
                : "administrator view: no cells suppressed",
        }.ToJsonString();
        var text = new StringBuilder(head.Length + 16 + r.Cells.Count * 400).Append(head, 0, head.Length - 1).Append(",\"features\":[");
        for (var i = 0; i < r.Cells.Count; i++) (i == 0 ? text : text.Append(',')).Append(Feature(r.Cells[i], city.Projection));
        return text.Append("]}").ToString();
    }

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };
}
