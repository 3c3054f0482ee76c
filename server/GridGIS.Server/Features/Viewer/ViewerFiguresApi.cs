using System.Security.Claims;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GridGIS.Server.Features.Viewer;

/// <summary>
/// Figures behind the viewer's popups and worker panel: a grid's household totals (aggregates, with
/// small-count suppression for every role but administrator; a grid worker only for their own
/// grids) and the signed-in worker's grids.
/// </summary>
internal static class ViewerFiguresApi
{
    /// <summary>A grid's totals; counts a non-administrator may not see are null; coverage by category is a fraction 0..1 of residents.</summary>
    internal sealed record GridFigures(int Id, long? Households, long? Residents, long? ForeignResidents,
        Dictionary<string, double?>? Coverage, string CoverageNote, string? Note);

    /// <summary>A facility's load in the latest complete run (null before any).</summary>
    internal sealed record FacilityFigures(int Id, FacilityLoadFigures? Load, string? Note);

    internal sealed record FacilityLoadFigures(long Run, long? Households, long? Residents, int? Capacity, double? LoadRatio, bool? Overloaded);

    /// <summary>Properties of a grid in the worker's list.</summary>
    internal sealed record WorkerGridProperties(string Layer, string Code, string? Name, string Kind, string Worker, int CommunityId);

    public static IEndpointRouteBuilder MapViewerFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/viewer/grids/{id:int}/figures", GridFiguresAsync).RequireAuthorization(Policies.AnyUser).WithTags("Viewer")
           .WithSummary("A grid's households, residents and foreign residents (small counts withheld), coverage per category when a run exists.");
        app.MapGet("/api/viewer/facilities/{id:int}/figures", FacilityFiguresAsync).RequireAuthorization(Policies.AnyUser).WithTags("Viewer")
           .WithSummary("A facility's load against capacity from the latest complete coverage run (null before any).");
        app.MapGet("/api/viewer/my-grids", async (NpgsqlDataSource db, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await using var cmd = db.CreateCommand(Sql.Get("Features/Viewer/ListWorkerGrids.sql"));
                cmd.Parameters.Add(new NpgsqlParameter { Value = user.IsInRole(Roles.Administrator) ? DBNull.Value : user.Identity?.Name ?? "" });
                return new GeoJsonResult<GeoJsonCollection<WorkerGridProperties>>((string)(await cmd.ExecuteScalarAsync(ct))!);
            })
           .RequireAuthorization(Policies.GridWork).WithTags("Viewer").WithSummary("The signed-in grid worker's grids.");
        return app;
    }

    private static async Task<Results<Ok<GridFigures>, NotFoundProblem>> GridFiguresAsync(NpgsqlDataSource db, ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var isAdmin = user.IsInRole(Roles.Administrator);
        var worker = user.IsInRole(Roles.GridWorker) ? user.Identity?.Name ?? "" : null;
        await using var cmd = db.CreateCommand(Sql.Get("Features/Viewer/SelectGridFigures.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
            // A worker asking for another worker's grid learns no more than that it is not theirs to see.
            return Problems.NotFound(worker is null ? $"no grid with id {id}" : $"no grid with id {id} among your grids", "id");
        var rule = Disclosure.For(isAdmin);
        var shown = rule.Shows(r.GetInt64(1));
        var foreignShown = shown && rule.ShowsLabel(r.GetInt64(5)) || !rule.Applies;
        Dictionary<string, double?>? coverage = null;
        if (!r.IsDBNull(4))
        {
            coverage = [];
            foreach (var c in System.Text.Json.JsonDocument.Parse(r.GetString(4)).RootElement.EnumerateArray())
            {
                long hh = c.GetProperty("households").GetInt64(), hhCovered = c.GetProperty("householdsCovered").GetInt64();
                long res = c.GetProperty("residents").GetInt64(), resCovered = c.GetProperty("residentsCovered").GetInt64();
                var hidden = !rule.ShowsParts(hh, hhCovered, hh - hhCovered);
                coverage[c.GetProperty("category").GetString()!] = hidden || res == 0 ? null : Math.Round((double)resCovered / res, 5);
            }
        }
        return TypedResults.Ok(new GridFigures(id,
            Households: shown ? r.GetInt64(1) : null,
            Residents: shown ? r.GetInt64(2) : null,
            ForeignResidents: foreignShown ? r.GetInt64(3) : null,
            coverage,
            CoverageNote: coverage is null ? "no complete coverage run yet" : "share of residents within the category's walk of a facility",
            Note: rule.Note));
    }

    private static async Task<Ok<FacilityFigures>> FacilityFiguresAsync(NpgsqlDataSource db, ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var rule = Disclosure.For(user.IsInRole(Roles.Administrator));
        await using var cmd = db.CreateCommand(Sql.Get("Features/Viewer/SelectFacilityLoad.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return TypedResults.Ok(new FacilityFigures(id, null, "no complete coverage run yet"));
        // A withheld load withholds everything computed from it: residents, the load ratio, the overloaded flag.
        var small = !rule.Shows(r.GetInt64(1));
        return TypedResults.Ok(new FacilityFigures(id,
            new FacilityLoadFigures(
                Run: r.GetInt64(0),
                Households: small ? null : r.GetInt64(1),
                Residents: small ? null : r.GetInt64(2),
                Capacity: r.IsDBNull(3) ? null : r.GetInt32(3),
                LoadRatio: small || r.IsDBNull(4) ? null : Math.Round(r.GetDouble(4), 4),
                Overloaded: small || r.IsDBNull(5) ? null : r.GetBoolean(5)),
            rule.Note));
    }
}
