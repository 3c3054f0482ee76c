using System.Security.Claims;
using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Grid management: automatic assignment (admin), topology check (any role: grid shapes are
/// public), designation proposals, worker matching and workload (aggregates: admin, planner,
/// official; small counts withheld but for administrators), designation confirm/override (admin).
/// </summary>
internal static class GridsApi
{
    private const string GeoJson = "application/geo+json";

    public sealed record DesignationRequest(string? Kind,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(UnsafeTextChecks.MultiLineText))] string? Reason);

    public static IEndpointRouteBuilder MapGridsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Grids");

        api.MapPost("/grids/assign", async (ClaimsPrincipal user, NpgsqlDataSource db, string? scope, CancellationToken ct) =>
        {
            if (scope is not (null or "all" or "unassigned")) return GridAccess.Bad("scope", $"scope is 'unassigned' (default) or 'all', not '{scope}'");
            HouseholdAssigner.Result r;
            try { r = await HouseholdAssigner.AssignAuditedAsync(db, Audit.Actor(user), scope == "all", HouseholdAssigner.MaxListed, ct); }
            catch (AssignmentBusyException e) { return Results.Problem(e.Message, statusCode: 409, title: "Households busy"); }
            return Results.Ok(new
            {
                scope = scope ?? "unassigned", changed = r.Changed,
                unassigned = new { count = r.UnassignedCount, households = r.UnassignedHouseholds },
                rule = "a household on a boundary shared by several grids goes to the grid with the lowest code",
            });
        }).RequireAuthorization(Policies.Admin)
          .WithSummary("Assign households to the grid that contains them (scope=unassigned|all); reports households in no grid.");

        api.MapGet("/communities/{id:int}/topology", (NpgsqlDataSource db, int id, double? minAreaM2, CancellationToken ct) => Topology(db, id, minAreaM2, ct))
           .RequireAuthorization(Policies.AnyUser).WithSummary("Overlaps, gaps and grids sticking out of one community, as GeoJSON.");
        api.MapGet("/communities/topology", (NpgsqlDataSource db, double? minAreaM2, CancellationToken ct) => Topology(db, null, minAreaM2, ct))
           .RequireAuthorization(Policies.AnyUser).LimitAsExpensive().WithSummary("The topology check of every community, as GeoJSON.");

        api.MapGet("/grids/designation/proposals", async (ClaimsPrincipal user, NpgsqlDataSource db, IConfiguration config,
            int? minForeign, double? minShare, CancellationToken ct) =>
        {
            var t = new DesignationReport.Thresholds(
                minForeign ?? config.GetValue("Grids:Designation:MinForeignResidents", ForeignResidentDesignation.DefaultMinForeignResidents),
                minShare ?? config.GetValue("Grids:Designation:MinForeignShare", ForeignResidentDesignation.DefaultMinForeignShare));
            if (t.MinForeignResidents < 1) return GridAccess.Bad("minForeign", "minForeign is a number of persons >= 1");
            if (!(t.MinForeignShare > 0 && t.MinForeignShare <= 1)) return GridAccess.Bad("minShare", "minShare is a share in (0, 1], e.g. 0.1 for 10%");
            return Results.Ok(await DesignationReport.BuildAsync(db, t, !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Grids proposed as foreign-resident grids, with nationalities present.");

        api.MapPost("/grids/{id:int}/designation", SetDesignation).Accepts<DesignationRequest>("application/json").RequireAuthorization(Policies.Admin)
           .WithSummary("Confirm or override a grid's kind (ordinary / foreign_resident) with a reason; audited.");

        api.MapGet("/grids/workers/matching", async (ClaimsPrincipal user, NpgsqlDataSource db, IConfiguration config, string? scope, CancellationToken ct) =>
        {
            if (scope is not (null or "foreign_resident" or "all")) return GridAccess.Bad("scope", $"scope is 'foreign_resident' (default) or 'all', not '{scope}'");
            return Results.Ok(await WorkerReports.MatchingAsync(db, scope != "all", Limit(config, null), !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Grids whose worker speaks none of their foreign residents' languages, with suggested workers.");

        api.MapGet("/grids/workload", async (ClaimsPrincipal user, NpgsqlDataSource db, IConfiguration config, long? householdLimit, CancellationToken ct) =>
        {
            if (householdLimit is < 1 or > 1_000_000) return GridAccess.Bad("householdLimit", "householdLimit is a number of households per worker, 1..1000000");
            return Results.Ok(await WorkerReports.WorkloadAsync(db, Limit(config, householdLimit), !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Households, residents and foreign residents per worker; workers over the limit; suggestions.");
        return app;
    }

    private static long Limit(IConfiguration config, long? limit) =>
        limit ?? config.GetValue("Grids:Workload:HouseholdLimit", WorkloadBalance.DefaultHouseholdLimit);

    private static async Task<IResult> Topology(NpgsqlDataSource db, int? id, double? minAreaM2, CancellationToken ct)
    {
        var min = minAreaM2 ?? GridTopologyCheck.DefaultMinAreaM2;
        if (!double.IsFinite(min) || min < 0 || min > 1e9) return GridAccess.Bad("minAreaM2", "minAreaM2 is square metres, 0..1e9");
        var report = await TopologyReport.BuildAsync(db, id, min, null, ct);
        return report is null ? GridAccess.NotFound("community", id!) : Results.Json(report, contentType: GeoJson);
    }

    private static async Task<IResult> SetDesignation(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, int id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DesignationRequest>(request, "{\"kind\": \"foreign_resident\"|\"ordinary\", \"reason\": \"...\"}", ct);
        if (body is null) return problem!;
        if (body.Kind is not ("foreign_resident" or "ordinary")) return GridAccess.Bad("kind", $"kind is 'foreign_resident' or 'ordinary', not '{body.Kind}'");
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500) return GridAccess.Bad("reason", "a reason of 1..500 characters is required");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/SetGridKind.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = body.Kind });
        cmd.Parameters.Add(new() { Value = reason });
        cmd.Parameters.Add(new() { Value = Audit.Actor(user) });
        string? before = null, after = null;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (before, after) = (r.GetString(0), r.GetString(1));
        if (before is null) return GridAccess.NotFound("grid", id);
        await Audit.WriteAsync(conn, tx, Audit.Actor(user), "grid.designation", "grid", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { kind = before }, new { kind = after, reason }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(new { gridId = id, kind = after, previousKind = before, reason, by = Audit.Actor(user) });
    }
}
