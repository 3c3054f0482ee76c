using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Facilities;

/// <summary>
/// The OSM tag-to-category mapping and the OSM facility import:
/// <c>GET /api/facilities/osm-rules</c> (administrators, planners, officials) shows the mapping;
/// <c>PUT /api/facilities/osm-rules</c> (administrators) replaces it, audited;
/// <c>POST /api/facilities/import/osm?mode=preview|append|replace</c> (administrators; body .osm or .osm.pbf, at most
/// 64 MB) previews or imports. CLI: <c>import-osm-facilities FILE [--preview] [--replace]</c>.
/// </summary>
internal static class OsmFacilityApi
{
    public const string Help = "facilities from OpenStreetMap by the stored tag mapping: FILE (.osm or .osm.pbf) [--preview] [--replace]";

    public static IEndpointRouteBuilder MapOsmFacilityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/facilities").WithTags("Facilities");
        api.MapGet("/osm-rules", ListAsync).RequireAuthorization(Policies.Analyst)
           .WithSummary("The OSM tag-to-category mapping, in the order its rules are tried (the first that matches takes a feature).");
        api.MapPut("/osm-rules", ReplaceAsync).RequireAuthorization(Policies.Admin).Accepts<OsmFacilityRulesBody>("application/json")
           .WithSummary("Replace the whole OSM tag-to-category mapping; audited.");
        api.MapPost("/import/osm", ImportAsync).RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(NetworkImportApi.MaxBytes + 1).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
           .WithSummary("Facilities from an OSM extract (.osm or .osm.pbf body) by the mapping: mode=preview counts per rule and lists the tags no rule takes, writing nothing; append or replace write all or nothing.");
        return app;
    }

    private static async Task<Ok<List<OsmFacilityRuleDto>>> ListAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await OsmFacilityRules.ListAsync(conn, null, ct));
    }

    private static async Task<Results<Ok<List<OsmFacilityRuleDto>>, BadRequestProblem>> ReplaceAsync(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<OsmFacilityRulesBody>(request,
            "{\"rules\": [{\"position\": 10, \"category\": \"kindergarten\", \"tagKey\": \"amenity\", \"tagValue\": \"kindergarten\"}]}", ct);
        if (body is null) return problem!;
        if (OsmFacilityRules.Check(body) is { } bad) return Problems.Field(bad.Field, bad.Message + "; nothing was changed");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await OsmFacilityRules.ReplaceAsync(conn, tx, body, Audit.Actor(request.HttpContext.User), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await OsmFacilityRules.ListAsync(conn, null, ct));
    }

    private static async Task<Results<Ok<OsmFacilityImportResult>, BadRequestProblem, ConflictProblem, ProblemHttpResult>> ImportAsync(
        HttpContext http, NpgsqlDataSource db, ILoggerFactory logs, string? mode, CancellationToken ct)
    {
        if (!EnumText.TryParse(mode, OsmFacilityMode.Preview, out var m))
            return Problems.Parameter("mode", $"mode must be {EnumText.Allowed<OsmFacilityMode>()}, not '{Clip(mode)}'");
        var body = await ImportApi.ReadBodyAsync(http, NetworkImportApi.MaxBytes, ct);
        if (body is null) return Problems.TooLarge($"an OSM import may have at most {NetworkImportApi.MaxBytes / (1024 * 1024)} MB; cut the extract");
        var log = logs.CreateLogger("GridGIS.Facilities");
        try
        {
            var result = await OsmFacilityImport.RunAsync(db, new MemoryStream(body), "request body", m, Audit.Actor(http.User),
                new ImportProgress((p, msg) => log.LogInformation("import-osm-facilities: [{Percent:F0}%] {Message}", p, msg)), ct);
            return TypedResults.Ok(result);
        }
        catch (OsmFormatException e)
        {
            return Problems.Field("body", e.Message + "; nothing was written");
        }
        catch (OsmMappingException e)
        {
            return Problems.Conflict("The OSM mapping cannot be applied", e.Message + "; nothing was written");
        }
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "...";

    public static async Task<int> CommandAsync(string[] args)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (files.Length != 1 || (args.Contains("--preview") && args.Contains("--replace")))
            throw new CliException("usage: import-osm-facilities FILE [--preview | --replace]");
        if (!File.Exists(files[0])) throw new CliException($"no file '{files[0]}'");
        var mode = args.Contains("--preview") ? OsmFacilityMode.Preview : args.Contains("--replace") ? OsmFacilityMode.Replace : OsmFacilityMode.Append;
        await using var db = Database.Create(Database.ConnectionString());
        await using var file = File.OpenRead(files[0]);
        try
        {
            var r = await OsmFacilityImport.RunAsync(db, file, Path.GetFileName(files[0]), mode, Audit.Actor(null), ImportProgress.Lines(Cli.Log), CancellationToken.None);
            foreach (var rule in r.Rules.Where(x => x.Features > 0)) Cli.Log($"  rule {rule.Position,4} {rule.Rule} -> {rule.Category}: {rule.Features}");
            foreach (var c in r.Categories)
                Cli.Log($"  {c.Category}: {c.Facilities} facilities, {c.WithDefaultCapacity} with the default capacity {c.DefaultCapacity}{(c.Created ? r.Written ? " (category created)" : " (category would be created)" : "")}");
            foreach (var u in r.Unmapped.Take(30)) Cli.Log($"  no rule takes {u.Tag}: {u.Features}");
            if (r.Unmapped.Count > 30) Cli.Log($"  ... and {r.Unmapped.Count - 30} more tags no rule takes");
            Cli.Log(r.Written ? $"imported {r.Facilities} facilities ({r.Mode}; {r.Deleted} deleted; {r.DefaultCapacityUsed} took their category's default capacity; {r.OutsideStreets} outside every street)"
                              : $"preview: {r.Facilities} facilities would be imported; nothing was written");
            return 0;
        }
        catch (OsmFormatException e) { throw new CliException($"{e.Message}; nothing was written"); }
        catch (OsmMappingException e) { throw new CliException($"{e.Message}; nothing was written"); }
    }
}
