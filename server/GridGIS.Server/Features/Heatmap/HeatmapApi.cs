using System.Security.Claims;
using System.Text.Json.Nodes;
using GridGIS.Core.Density;
using GridGIS.Core.Geo;
using GridGIS.Core.Privacy;
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
/// <c>GET /api/heatmap?metric=foreign|residents&amp;bbox=..&amp;zoom=..</c>: household density as square
/// cells computed on the server (Core's <see cref="HeatmapCells"/>), cell size chosen by zoom. For
/// every role but administrator, cells under the privacy threshold are merged or left out, and
/// the response says so. Grid workers count only their own grids' households.
/// </summary>
internal static class HeatmapApi
{
    /// <summary>A heatmap cell: its households and value (persons of the metric), per km2; merged cells joined small neighbours.</summary>
    internal sealed record CellProperties(string Layer, long Households, long Value, double ValuePerKm2, bool Merged);

    /// <summary>The cells (GeoJSON, WGS84) and what was withheld; <paramref name="CellSizeM"/> in metres of the city's metric CRS.</summary>
    internal sealed record HeatmapCollection(string Type, string Metric, double Zoom, double CellSizeM, string CellCrs, bool OwnGridsOnly,
        bool Suppressed, int Threshold, int MergedCells, int WithheldCells, long? WithheldHouseholds, string Note,
        IReadOnlyList<GeoJsonFeature<CellProperties>> Features);

    public static IEndpointRouteBuilder MapHeatmapApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/heatmap", GetAsync).RequireAuthorization(Policies.AnyUser).WithTags("Heatmap")
           .WithSummary("Heatmap cells (GeoJSON) of residents or foreign residents in a bbox; small cells merged or withheld.");
        return app;
    }

    private static async Task<Results<GeoJsonResult<HeatmapCollection>, BadRequestProblem>> GetAsync(NpgsqlDataSource db, ClaimsPrincipal user,
        string? metric, string? bbox, double? zoom, CancellationToken ct)
    {
        if (!EnumText.TryParse(metric, HeatmapMetric.Foreign, out var which)) return EnumText.BadParameter<HeatmapMetric>("metric", metric);
        if (string.IsNullOrWhiteSpace(bbox)) return Problems.Parameter("bbox", "bbox is required: minLon,minLat,maxLon,maxLat (WGS84 degrees)");
        if (!BoundingBox.TryParse(bbox, out var box, out var error)) return Problems.Parameter("bbox", error!);
        if (zoom is not { } z || !double.IsFinite(z) || z < 0 || z > 24) return Problems.Parameter("zoom", "zoom is required, a number between 0 and 24");

        var projection = LocalProjection.Beijing;
        var (x0, y0) = projection.Forward(box!.MinLon, box.MinLat);
        var (x1, y1) = projection.Forward(box.MaxLon, box.MaxLat);
        var size = HeatmapCellSize.For(z, Math.Abs(x1 - x0), Math.Abs(y1 - y0));

        var isAdmin = user.IsInRole(Roles.Administrator);
        var worker = user.IsInRole(Roles.GridWorker) ? user.Identity?.Name ?? "" : null;
        var counts = new List<CellCount>();
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Heatmap/CountHouseholdCells.sql")))
        {
            foreach (var v in new object[] { box.MinLon, box.MinLat, box.MaxLon, box.MaxLat, size, (object?)worker ?? DBNull.Value })
                cmd.Parameters.Add(new NpgsqlParameter { Value = v });
            try
            {
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    counts.Add(new CellCount(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
            catch (NpgsqlException e) { throw new InvalidOperationException("counting households per heatmap cell", e); }
        }

        var result = HeatmapCells.Build(counts, size, which, suppress: !isAdmin);
        return new GeoJsonResult<HeatmapCollection>(ToGeoJson(result, which, z, worker is not null).ToJsonString());
    }

    private static JsonObject ToGeoJson(HeatmapResult r, HeatmapMetric metric, double zoom, bool ownGridsOnly)
    {
        var features = new JsonArray();
        foreach (var c in r.Cells)
        {
            var lonLat = LocalProjection.Beijing.Inverse(c.Polygon);
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = JsonSerializer.SerializeToNode(lonLat, GeoJson),
                ["properties"] = new JsonObject
                {
                    ["layer"] = "heatmap", ["households"] = c.Households, ["value"] = c.Value,
                    ["valuePerKm2"] = Math.Round(c.ValuePerKm2, 1), ["merged"] = c.Merged,
                },
            });
        }
        return new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["metric"] = metric == HeatmapMetric.Foreign ? "foreign" : "residents",
            ["zoom"] = zoom,
            ["cellSizeM"] = r.CellSizeM,
            ["cellCrs"] = "cells are squares in EPSG:4548 (CGCS2000 GK CM 117E); geometry in WGS84",
            ["ownGridsOnly"] = ownGridsOnly,
            ["suppressed"] = r.Suppressed,
            ["threshold"] = r.Threshold,
            ["mergedCells"] = r.MergedCells,
            ["withheldCells"] = r.WithheldCells,
            ["withheldHouseholds"] = r.Suppressed ? SmallCounts.Suppress(r.WithheldHouseholds, true, r.Threshold) : r.WithheldHouseholds,
            ["note"] = r.Suppressed
                ? $"cells with fewer than {r.Threshold} households are merged with their neighbours or left out to protect privacy"
                : "administrator view: no cells suppressed",
            ["features"] = features,
        };
    }

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };
}
