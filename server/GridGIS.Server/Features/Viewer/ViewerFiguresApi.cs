using System.Security.Claims;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Viewer;

/// <summary>
/// Figures behind the viewer's popups and worker panel: a grid's household totals (aggregates, with
/// small-count suppression for every role but administrator; a grid worker only for their own
/// grids) and the signed-in worker's grids.
/// </summary>
internal static class ViewerFiguresApi
{
    public static IEndpointRouteBuilder MapViewerFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/viewer/grids/{id:int}/figures", GridFiguresAsync).RequireAuthorization(Policies.AnyUser).WithTags("Viewer")
           .WithSummary("A grid's households, residents and foreign residents (small counts withheld), coverage per category when a run exists.");
        app.MapGet("/api/viewer/my-grids", async (NpgsqlDataSource db, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await using var cmd = db.CreateCommand(Sql.Get("Features/Viewer/ListWorkerGrids.sql"));
                cmd.Parameters.Add(new NpgsqlParameter { Value = user.IsInRole(Roles.Administrator) ? DBNull.Value : user.Identity?.Name ?? "" });
                return Results.Text((string?)await cmd.ExecuteScalarAsync(ct), "application/geo+json");
            })
           .RequireAuthorization(Policies.GridWork).WithTags("Viewer").WithSummary("The signed-in grid worker's grids.");
        return app;
    }

    private static async Task<IResult> GridFiguresAsync(NpgsqlDataSource db, ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var isAdmin = user.IsInRole(Roles.Administrator);
        var worker = user.IsInRole(Roles.GridWorker) ? user.Identity?.Name ?? "" : null;
        await using var cmd = db.CreateCommand(Sql.Get("Features/Viewer/SelectGridFigures.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
            return Results.Problem(worker is null ? $"no grid with id {id}" : $"grid {id} is not one of your grids", statusCode: worker is null ? 404 : 403,
                title: worker is null ? "Not found" : "Forbidden");
        var suppress = !isAdmin;
        return Results.Ok(new
        {
            id,
            households = SmallCounts.Suppress(r.GetInt64(1), suppress),
            residents = SmallCounts.IsSmall(r.GetInt64(1)) && suppress ? null : (long?)r.GetInt64(2),
            foreignResidents = SmallCounts.IsSmall(r.GetInt64(1)) && suppress ? null : (long?)r.GetInt64(3),
            coverage = (object?)null,
            note = suppress ? SmallCounts.Note() : null,
        });
    }
}
