using GridGIS.Server.Data;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Basemap;

/// <summary>
/// <c>POST /api/basemap/import/osm?replace=none|area|all</c> (administrators; body .osm or .osm.pbf, at most 64 MB): basemap
/// features from an OSM extract, all or nothing. CLI: <c>import-osm-basemap FILE [--replace area|all]</c>.
/// </summary>
internal static class BasemapApi
{
    public const string Help = "basemap features (roads, buildings, water, green, land use, rail, places) from OpenStreetMap: FILE [--replace area|all]";

    public static IEndpointRouteBuilder MapBasemapApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/basemap/import/osm", ImportAsync).RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(NetworkImportApi.MaxBytes + 1).ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithTags("Basemap")
           .WithSummary("Basemap features from an OSM extract (.osm or .osm.pbf body): replace=none adds, area replaces the OSM features inside the extract's box, all replaces every one.");
        return app;
    }

    private static async Task<Results<Ok<BasemapImportResult>, BadRequestProblem, ProblemHttpResult>> ImportAsync(HttpContext http, NpgsqlDataSource db,
        ILoggerFactory logs, string? replace, CancellationToken ct)
    {
        if (!EnumText.TryParse(replace, BasemapReplace.None, out var r))
            return Problems.Parameter("replace", $"replace must be {EnumText.Allowed<BasemapReplace>()}, not '{(replace is { Length: > 40 } ? replace[..40] + "..." : replace)}'");
        var body = await ImportApi.ReadBodyAsync(http, NetworkImportApi.MaxBytes, ct);
        if (body is null) return Problems.TooLarge($"an OSM import may have at most {NetworkImportApi.MaxBytes / (1024 * 1024)} MB; cut the extract");
        var log = logs.CreateLogger("GridGIS.Basemap");
        try
        {
            return TypedResults.Ok(await BasemapImport.RunAsync(db, new MemoryStream(body), "request body", r, Audit.Actor(http.User),
                new ImportProgress((p, m) => log.LogInformation("import-osm-basemap: [{Percent:F0}%] {Message}", p, m)), ct));
        }
        catch (OsmFormatException e)
        {
            return Problems.Field("body", e.Message + "; nothing was written");
        }
    }

    public static async Task<int> CommandAsync(string[] args)
    {
        var files = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--replace")).ToArray();
        if (files.Length != 1) throw new CliException("usage: import-osm-basemap FILE [--replace area|all]");
        if (!EnumText.TryParse(Cli.Option(args, "--replace"), BasemapReplace.None, out var replace))
            throw new CliException($"--replace must be {EnumText.Allowed<BasemapReplace>()}");
        if (!File.Exists(files[0])) throw new CliException($"no file '{files[0]}'");
        await using var db = Database.Create(Database.ConnectionString());
        await using var file = File.OpenRead(files[0]);
        try
        {
            var result = await BasemapImport.RunAsync(db, file, Path.GetFileName(files[0]), replace, Audit.Actor(null), ImportProgress.Lines(Cli.Log), CancellationToken.None);
            Cli.Log($"imported {result.Written} basemap features; {result.Deleted} deleted; {result.Incomplete} ways or relations cut by the extract's edge");
            return 0;
        }
        catch (OsmFormatException e) { throw new CliException($"{e.Message}; nothing was written"); }
    }
}
