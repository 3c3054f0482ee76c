using GridGIS.Server.Data;
using GridGIS.Server.Security;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Network;

/// <summary>
/// <c>POST /api/network/import/osm?replace=true|false</c> (Administrators): the request body is an
/// OpenStreetMap extract, .osm XML or .osm.pbf (told from the content), at most 64 MB. All or nothing.
/// CLI: <c>import-osm FILE [--replace]</c>.
/// </summary>
internal static class NetworkImportApi
{
    public const long MaxBytes = 64L * 1024 * 1024;
    public const string Help = "import a walking network from OpenStreetMap: FILE (.osm or .osm.pbf) [--replace]";

    public static IEndpointRouteBuilder MapNetworkImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/network/import/osm", ImportAsync)
           .RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(MaxBytes + 1) // the handler answers 413 itself past MaxBytes
           .WithTags("Network").ProducesProblem(StatusCodes.Status413PayloadTooLarge)
           .WithSummary("Import the walkable ways of an OSM extract (.osm or .osm.pbf body) into the walking network; ?replace=true replaces it.");
        return app;
    }

    private static async Task<Results<Ok<OsmImportResult>, BadRequestProblem, ProblemHttpResult>> ImportAsync(HttpContext http, NpgsqlDataSource db, ILoggerFactory logs, string? replace, CancellationToken ct)
    {
        bool replaceAll = false;
        if (replace is not null && !bool.TryParse(replace, out replaceAll))
            return Problems.Parameter("replace", $"replace must be true or false, not '{replace}'");
        if (http.Request.ContentLength is > MaxBytes)
            return Problems.TooLarge($"an OSM import may have at most {MaxBytes / (1024 * 1024)} MB; cut the extract");
        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var log = logs.CreateLogger("GridGIS.Network");
        try
        {
            var result = await OsmImport.RunAsync(db, body, "request body", replaceAll, Audit.Actor(http.User),
                m => log.LogInformation("import-osm: {Message}", m), ct);
            return TypedResults.Ok(result);
        }
        catch (OsmFormatException e)
        {
            return Problems.Field("body", e.Message + "; nothing was written");
        }
    }

    public static async Task<int> CommandAsync(string[] args)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (files.Length != 1) throw new CliException("usage: import-osm FILE [--replace]");
        if (!File.Exists(files[0])) throw new CliException($"no file '{files[0]}'");
        await using var db = Database.Create(Database.ConnectionString());
        await using var file = File.OpenRead(files[0]);
        try
        {
            var r = await OsmImport.RunAsync(db, file, Path.GetFileName(files[0]), args.Contains("--replace"), Audit.Actor(null), Cli.Log, CancellationToken.None);
            Cli.Log($"imported {r.Edges} edges and {r.Nodes} nodes from {r.WaysKept} walkable ways of {r.WaysSeen}");
            return 0;
        }
        catch (OsmFormatException e)
        {
            throw new CliException($"{e.Message}; nothing was written");
        }
    }
}
