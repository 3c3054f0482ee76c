using System.Security.Claims;
using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Grid management: automatic assignment (admin), topology check (any role: grid shapes are
/// public), designation proposals, worker matching and workload (aggregates: admin, planner,
/// official; small counts withheld but for administrators), designation confirm/override (admin).
/// </summary>
internal static class GridsApi
{
    public sealed record DesignationRequest(string? Kind,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(UnsafeTextChecks.MultiLineText))] string? Reason);

    /// <summary>Which households an assignment looks at.</summary>
    internal enum AssignScope { Unassigned, All }

    /// <summary>Which grids the worker matching checks.</summary>
    internal enum MatchingScope { ForeignResident, All }

    internal sealed record UnassignedHouseholds(long Count, System.Text.Json.JsonElement Households);

    internal sealed record AssignAnswer(string Scope, long Changed, UnassignedHouseholds Unassigned, string Rule);

    internal sealed record DesignationAnswer(int GridId, string? Kind, string PreviousKind, string Reason, string By);

    /// <summary>The topology check as the OpenAPI document describes it (the answer is a <see cref="TopologyReport.Collection"/>).</summary>
    internal sealed record TopologyCollection(string Type, int CommunitiesChecked, int GridsChecked, double MinAreaM2,
        IReadOnlyList<GeoJsonFeature<TopologyReport.Properties>> Features);

    public static IEndpointRouteBuilder MapGridsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Grids");

        api.MapPost("/grids/assign", AssignAsync).RequireAuthorization(Policies.Admin)
          .WithSummary("Assign households to the grid that contains them (scope=unassigned|all); reports households in no grid.");

        api.MapGet("/communities/{id:int}/topology", (NpgsqlDataSource db, int id, double? minAreaM2, CancellationToken ct) => Topology(db, id, minAreaM2, ct))
           .RequireAuthorization(Policies.AnyUser).WithSummary("Overlaps, gaps and grids sticking out of one community, as GeoJSON.");
        api.MapGet("/communities/topology", (NpgsqlDataSource db, double? minAreaM2, CancellationToken ct) => Topology(db, null, minAreaM2, ct))
           .RequireAuthorization(Policies.AnyUser).LimitAsExpensive().WithSummary("The topology check of every community, as GeoJSON.");

        api.MapGet("/grids/designation/proposals", async Task<Results<Ok<DesignationReport.Report>, BadRequestProblem>> (ClaimsPrincipal user,
            NpgsqlDataSource db, IConfiguration config, int? minForeign, double? minShare, CancellationToken ct) =>
        {
            var t = new DesignationReport.Thresholds(
                minForeign ?? config.GetValue("Grids:Designation:MinForeignResidents", ForeignResidentDesignation.DefaultMinForeignResidents),
                minShare ?? config.GetValue("Grids:Designation:MinForeignShare", ForeignResidentDesignation.DefaultMinForeignShare));
            if (t.MinForeignResidents < 1) return Problems.Parameter("minForeign", "minForeign is a number of persons >= 1");
            if (!(t.MinForeignShare > 0 && t.MinForeignShare <= 1)) return Problems.Parameter("minShare", "minShare is a share in (0, 1], e.g. 0.1 for 10%");
            return TypedResults.Ok(await DesignationReport.BuildAsync(db, t, !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Grids proposed as foreign-resident grids, with nationalities present.");

        api.MapPost("/grids/{id:int}/designation", SetDesignation).Accepts<DesignationRequest>("application/json").RequireAuthorization(Policies.Admin)
           .WithSummary("Confirm or override a grid's kind (ordinary / foreign_resident) with a reason; audited.");

        api.MapGet("/grids/workers/matching", async Task<Results<Ok<WorkerReports.MatchingReport>, BadRequestProblem>> (ClaimsPrincipal user,
            NpgsqlDataSource db, IConfiguration config, string? scope, CancellationToken ct) =>
        {
            if (!EnumText.TryParse(scope, MatchingScope.ForeignResident, out var which)) return EnumText.BadParameter<MatchingScope>("scope", scope);
            return TypedResults.Ok(await WorkerReports.MatchingAsync(db, which != MatchingScope.All, Limit(config, null), !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Grids whose worker speaks none of their foreign residents' languages, with suggested workers.");

        api.MapGet("/grids/workload", async Task<Results<Ok<WorkerReports.WorkloadReportDto>, BadRequestProblem>> (ClaimsPrincipal user,
            NpgsqlDataSource db, IConfiguration config, long? householdLimit, CancellationToken ct) =>
        {
            if (householdLimit is < 1 or > 1_000_000) return Problems.Parameter("householdLimit", "householdLimit is a number of households per worker, 1..1000000");
            return TypedResults.Ok(await WorkerReports.WorkloadAsync(db, Limit(config, householdLimit), !GridAccess.IsAdmin(user), ct));
        }).RequireAuthorization(Policies.Analyst).WithSummary("Households, residents and foreign residents per worker; workers over the limit; suggestions.");
        return app;
    }

    private static long Limit(IConfiguration config, long? limit) =>
        limit ?? config.GetValue("Grids:Workload:HouseholdLimit", WorkloadBalance.DefaultHouseholdLimit);

    private static async Task<Results<ConflictProblem, BadRequestProblem, Ok<AssignAnswer>>> AssignAsync(ClaimsPrincipal user, NpgsqlDataSource db,
        string? scope, CancellationToken ct)
    {
        if (!EnumText.TryParse(scope, AssignScope.Unassigned, out var which)) return EnumText.BadParameter<AssignScope>("scope", scope);
        HouseholdAssigner.Result r;
        try { r = await HouseholdAssigner.AssignAuditedAsync(db, Audit.Actor(user), which == AssignScope.All, HouseholdAssigner.MaxListed, ct); }
        catch (AssignmentBusyException e) { return Problems.Conflict("Households busy", e.Message); }
        return TypedResults.Ok(new AssignAnswer(EnumText.Name(which), r.Changed, new UnassignedHouseholds(r.UnassignedCount, r.UnassignedHouseholds),
            "a household on a boundary shared by several grids goes to the grid with the lowest code"));
    }

    private static async Task<Results<GeoJsonResult<TopologyCollection>, BadRequestProblem, NotFoundProblem>> Topology(NpgsqlDataSource db,
        int? id, double? minAreaM2, CancellationToken ct)
    {
        var min = minAreaM2 ?? GridTopologyCheck.DefaultMinAreaM2;
        if (!double.IsFinite(min) || min < 0 || min > 1e9) return Problems.Parameter("minAreaM2", "minAreaM2 is square metres, 0..1e9");
        var report = await TopologyReport.BuildAsync(db, id, min, null, ct);
        return report is null ? GridAccess.NotFound("community", id!) : new GeoJsonResult<TopologyCollection>(report);
    }

    private static async Task<Results<Ok<DesignationAnswer>, BadRequestProblem, NotFoundProblem>> SetDesignation(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, int id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DesignationRequest>(request, "{\"kind\": \"foreign_resident\"|\"ordinary\", \"reason\": \"...\"}", ct);
        if (body is null) return problem!;
        if (body.Kind is null || !EnumText.TryParse(body.Kind, GridKind.Ordinary, out var kind)) return EnumText.BadField<GridKind>("kind", body.Kind);
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500) return Problems.Field("reason", "a reason of 1..500 characters is required");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/SetGridKind.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = EnumText.Name(kind) });
        cmd.Parameters.Add(new() { Value = reason });
        cmd.Parameters.Add(new() { Value = Audit.Actor(user) });
        string? before = null, after = null;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (before, after) = (r.GetString(0), r.GetString(1));
        if (before is null) return GridAccess.NotFound("grid", id);
        await Audit.WriteAsync(conn, tx, Audit.Actor(user), "grid.designation", "grid", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { kind = before }, new { kind = after, reason }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new DesignationAnswer(id, after, before, reason, Audit.Actor(user)));
    }
}
