using GridGIS.Server.Data;
using GridGIS.Server.Security;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Network;

/// <summary>
/// <c>POST /api/network/import/osm?mode=join|replace&amp;tolerance=M</c> (Administrators): the request body is an
/// OpenStreetMap extract, .osm XML or .osm.pbf (told from the content), at most 64 MB. All or nothing. Join (the default)
/// adds it to the stored network, joined where they meet; replace deletes the stored network first. The answer reports
/// the network's connectivity after the import. CLI: <c>import-osm FILE [--replace] [--tolerance M]</c>.
/// </summary>
internal static class NetworkImportApi
{
    public const long MaxBytes = 64L * 1024 * 1024;
    public const string Help = "import a walking network from OpenStreetMap: FILE (.osm or .osm.pbf) [--replace] [--tolerance M] (join by default: shared OSM nodes, and dead ends within M metres, default 1)";

    public static IEndpointRouteBuilder MapNetworkImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/network/import/osm", ImportAsync)
           .RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(MaxBytes + 1) // the handler answers 413 itself past MaxBytes
           .WithTags("Network").ProducesProblem(StatusCodes.Status413PayloadTooLarge)
           .WithSummary("Import the walkable ways of an OSM extract (.osm or .osm.pbf body) into the walking network: mode=join (default) joins it to the stored network at shared OSM nodes and at dead ends within tolerance metres (default 1, 0..10); mode=replace replaces the network. Answers with the network's connectivity.");
        return app;
    }

    private static async Task<Results<Ok<OsmImportResult>, BadRequestProblem, ProblemHttpResult>> ImportAsync(HttpContext http, NpgsqlDataSource db, WalkNetworkStore store, ILoggerFactory logs,
        string? mode, string? tolerance, CancellationToken ct)
    {
        if (!EnumText.TryParse(mode, OsmImportMode.Join, out var how))
            return Problems.Parameter("mode", $"mode must be {EnumText.Allowed<OsmImportMode>()}, not '{mode}'");
        if (!TryTolerance(tolerance, out var metres))
            return Problems.Parameter("tolerance", $"tolerance must be a number of metres from 0 to 10, not '{tolerance}'");
        if (http.Request.ContentLength is > MaxBytes)
            return Problems.TooLarge($"an OSM import may have at most {MaxBytes / (1024 * 1024)} MB; cut the extract");
        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var log = logs.CreateLogger("GridGIS.Network");
        try
        {
            var result = await OsmImport.RunAsync(db, store, body, "request body", how, metres, Audit.Actor(http.User),
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
        var at = Array.IndexOf(args, "--tolerance");
        string? tolerance = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        if (at >= 0 && !TryTolerance(tolerance, out _)) throw new CliException($"--tolerance must be a number of metres from 0 to 10, not '{tolerance}'");
        TryTolerance(tolerance, out var metres);
        var files = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !(at >= 0 && i == at + 1)).ToArray();
        if (files.Length != 1) throw new CliException("usage: import-osm FILE [--replace] [--tolerance M]");
        if (!File.Exists(files[0])) throw new CliException($"no file '{files[0]}'");
        await using var db = Database.Create(Database.ConnectionString());
        await using var file = File.OpenRead(files[0]);
        try
        {
            var store = new WalkNetworkStore(db, City.CityProfiles.FromEnvironment(db));
            var r = await OsmImport.RunAsync(db, store, file, Path.GetFileName(files[0]), args.Contains("--replace") ? OsmImportMode.Replace : OsmImportMode.Join,
                metres, Audit.Actor(null), Cli.Log, CancellationToken.None);
            Cli.Log($"imported {r.Edges} edges and {r.Nodes} nodes from {r.WaysKept} walkable ways of {r.WaysSeen} ({r.Mode}: {r.JoinedByOsmId} shared OSM nodes, " +
                $"{r.JoinedByDistance} dead ends joined, {r.DuplicateEdges} edges already stored)");
            var n = r.Network;
            Cli.Log($"network: {n.Edges} edges, {n.Metres:F0} m, {n.Components} connected components, {n.DeadEnds} dead ends, " +
                $"{n.ShareOutsideLargest:P1} of the length outside the largest component");
            return 0;
        }
        catch (OsmFormatException e)
        {
            throw new CliException($"{e.Message}; nothing was written");
        }
    }

    /// <summary>Join distance for dead ends in metres, 0..10; absent: <see cref="Core.Network.OsmNetworkJoin.DefaultToleranceMetres"/>.</summary>
    private static bool TryTolerance(string? text, out double metres)
    {
        metres = Core.Network.OsmNetworkJoin.DefaultToleranceMetres;
        if (text is null) return true;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out metres)
               && metres is >= 0 and <= 10;
    }
}
