using System.Net.Http.Headers;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GridGIS.Server.Features.Import;

/// <summary>
/// <c>POST /api/import/{layer}?crs=wgs84|gcj02|bd09&amp;mode=append|replace&amp;table=NAME</c>: a GeoJSON
/// FeatureCollection (<c>application/geo+json</c> or <c>application/json</c>) or CSV (<c>text/csv</c>), UTF-8, a
/// zipped Shapefile (<c>application/zip</c>) or a GeoPackage (<c>application/geopackage+sqlite3</c>), at most 50 MB. Administrators only. All or nothing; errors come back as ProblemDetails with
/// an <c>errors</c> list of {feature, line, field, message}. With <c>?async=true</c> it answers 202 at once
/// and <c>GET /api/import/jobs/{id}</c> reports state and percentage, then the same result. See docs/import.md.
/// </summary>
internal static class ImportApi
{
    /// <summary>A layer import's answer: what was written to which table.</summary>
    internal sealed record ImportAnswer(string Layer, string Mode, string Crs, int Features, string Table, long Inserted, long Updated, long Deleted,
        long NodesInserted, long NodesDeleted, string Sha256);

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/import/{layer}", ImportAsync)
           .RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(ImportLimits.Default.MaxBytes)
           .WithTags("Import")
           .Produces<ImportAnswer>().Produces<ImportJobView>(StatusCodes.Status202Accepted)
           .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
           .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
           .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
           .WithSummary("Import a layer from GeoJSON, CSV, a zipped Shapefile or a GeoPackage (all or nothing); crs=wgs84|gcj02|bd09, mode=append|replace, " +
                        "table=a Shapefile's or GeoPackage table's name when the file has several; async=true answers 202 with a job to poll.");
        var jobsApi = app.MapGroup("/api/import/jobs").RequireAuthorization(Policies.Admin).WithTags("Import");
        jobsApi.MapGet("/", async Task<Results<Ok<IReadOnlyList<ImportJobView>>, BadRequestProblem>> (ImportJobs jobs, int? limit, CancellationToken ct) =>
                limit is < 1 or > 500 ? Problems.Parameter("limit", "limit must be between 1 and 500")
                                      : TypedResults.Ok(await jobs.ListAsync(limit ?? 50, ct)))
           .WithSummary("The newest background imports (state, percent, stage), newest first; limit 1..500, default 50.");
        jobsApi.MapGet("/{id}", async Task<Results<Ok<ImportJobView>, NotFoundProblem>> (string id, ImportJobs jobs, CancellationToken ct) =>
                Guid.TryParse(id, out var g) && await jobs.GetAsync(g, ct) is { } job ? TypedResults.Ok(job) : NoSuchJob(id))
           .WithSummary("An import started with async=true: state (running|complete|failed|cancelled), percent, stage, then its result or problem.");
        jobsApi.MapPost("/{id}/cancel", async Task<Results<Accepted<ImportJobView>, NotFoundProblem, ConflictProblem>> (string id, ImportJobs jobs,
                System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                !Guid.TryParse(id, out var g) || await jobs.CancelAsync(g, Audit.Actor(user), ct) is not { } state ? NoSuchJob(id)
                : state is "complete" or "failed" ? Problems.Conflict("Import already ended", $"the import job ended {state}; there is nothing to cancel")
                : TypedResults.Accepted($"/api/import/jobs/{g:N}", await jobs.GetAsync(g, ct)))
           .WithSummary("Cancels a background import: a queued one at once, a running one within a second (nothing is written).");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, NpgsqlDataSource db, ILoggerFactory logs, ImportJobs jobs, string layer,
        string? crs, string? mode, string? table, [FromQuery(Name = "async")] string? runAsync, CancellationToken ct)
    {
        var limits = ImportLimits.Default;
        if (!TryAsync(runAsync, out var background)) return Problems.Parameter("async", $"async must be true or false, not '{Clip(runAsync)}'");
        if (!ImportOptions.TryLayer(layer, out var importLayer))
            return Problems.Parameter("layer", $"unknown layer '{Clip(layer)}'; one of {string.Join(", ", ImportOptions.LayerNames)}");
        if (!ImportOptions.TryCrs(crs, out var inputCrs)) return Problems.Parameter("crs", $"unknown crs '{Clip(crs)}'; one of wgs84, gcj02, bd09");
        if (!ImportOptions.TryMode(mode, out var importMode)) return Problems.Parameter("mode", $"unknown mode '{Clip(mode)}'; one of append, replace");

        if (table is not null && !ImportOptions.IsTableName(table))
            return Problems.Parameter("table", $"table '{Clip(table)}' is not a table or file name (1..100 letters, digits, _ - . or space)");

        var fileName = ContentDispositionHeaderValue.TryParse(http.Request.Headers.ContentDisposition.ToString(), out var cd)
            ? (cd.FileNameStar ?? cd.FileName)?.Trim('"') : null;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) || media.MediaType is null)
            return Problems.UnsupportedMediaType($"send Content-Type {ImportOptions.MediaTypes}");
        if (ImportOptions.FormatOf(media.MediaType, fileName) is not { } format)
            return Problems.UnsupportedMediaType($"'{Clip(media.MediaType)}' is not importable; send {ImportOptions.MediaTypes}");
        if (media.CharSet is { } cs && !cs.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", $"charset '{Clip(cs)}' is not supported; send UTF-8");

        var body = await ReadBodyAsync(http, limits.MaxBytes, ct);
        if (body is null) return Problems.TooLarge($"an import may have at most {limits.MaxBytes} bytes ({limits.MaxBytes / (1024 * 1024)} MB); split the file");

        var request = new ImportRequest(importLayer, format, inputCrs, importMode, body, Clip(fileName ?? "request body", 200),
            Audit.Actor(http.User), table);
        var log = logs.CreateLogger("GridGIS.Import");
        if (background)
            return await jobs.StartAnswerAsync(new ImportJobRequest(ImportJobRequest.LayerKind, importLayer, format, inputCrs, importMode, request.FileName, table),
                body, request.Actor, ct);
        var (status, answer) = await ExecuteAsync(db, request, limits,
            new ImportProgress((p, m) => log.LogInformation("import {Layer}: [{Percent:F0}%] {Message}", layer, p, m)), log, ct);
        return status == StatusCodes.Status200OK ? TypedResults.Ok((ImportAnswer)answer) : Problems.Result((ProblemDetails)answer);
    }

    /// <summary>Runs the import; the answer's status and body (the counts, or a ProblemDetails with errors[]).</summary>
    internal static async Task<(int Status, object Body)> ExecuteAsync(NpgsqlDataSource db, ImportRequest request, ImportLimits limits,
        ImportProgress progress, ILogger log, CancellationToken ct)
    {
        var layer = ImportOptions.Name(request.Layer);
        var outcome = await LayerImport.RunAsync(db, request, limits, progress, ct);
        if (!outcome.Applied)
        {
            log.LogInformation("import {Layer} by {Actor} rejected: {Count} error(s)", layer, request.Actor, outcome.ErrorCount);
            var shown = outcome.Errors.Take(5).Select(e => e.ToString());
            var problem = Problems.Details(outcome.Status, outcome.Title,
                $"{outcome.ErrorCount} error(s); nothing was written. {string.Join("; ", shown)}{(outcome.ErrorCount > 5 ? "; ..." : "")}");
            problem.Extensions["errors"] = outcome.Errors.Select(e => new { e.Feature, e.Line, e.Field, e.Message, where = e.Where }).ToArray();
            problem.Extensions["errorCount"] = outcome.ErrorCount;
            problem.Extensions["layer"] = layer;
            return (outcome.Status, problem);
        }
        var c = outcome.Counts!;
        return (StatusCodes.Status200OK, new ImportAnswer(layer, request.Mode.ToString().ToLowerInvariant(), request.Crs.ToString().ToLowerInvariant(),
            outcome.Features, c.Table, c.Inserted, c.Updated, c.Deleted, c.NodesInserted, c.NodesDeleted, outcome.Sha256));
    }

    /// <summary>?async=true|false (default false): whether to answer 202 with a job to poll instead of waiting.</summary>
    internal static bool TryAsync(string? text, out bool background)
    {
        background = false;
        if (text is null) return true;
        return bool.TryParse(text, out background);
    }

    /// <summary>The body, or null when it is larger than <paramref name="max"/> bytes.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpContext http, long max, CancellationToken ct)
    {
        if (http.Request.ContentLength > max) return null;
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = max + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int n;
            while ((n = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > max) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private static NotFoundProblem NoSuchJob(string id) =>
        Problems.NotFound($"no import job '{Clip(id)}' (an ended job is kept for {ImportJobs.KeepFinished.TotalHours:0} hour)");

    private static string Clip(string? s, int max = 40) => s is null ? "" : s.Length <= max ? s : s[..max] + "...";
}

/// <summary>The words the API and the command line accept for layer, crs and mode.</summary>
internal static class ImportOptions
{
    public static readonly string[] LayerNames = ["streets", "communities", "grids", "facilities", "network"];

    public static string Name(ImportLayer layer) => LayerNames[(int)layer];

    /// <summary>What the import endpoint accepts, for messages.</summary>
    public const string MediaTypes = "application/geo+json, application/json, text/csv, application/zip (a zipped Shapefile) or application/geopackage+sqlite3 "
                                     + "(or application/octet-stream with a .geojson, .csv, .zip or .gpkg file name)";

    /// <summary>The format a media type (or, for application/octet-stream, the file name's extension) says; null when none.</summary>
    public static ImportFormat? FormatOf(string mediaType, string? fileName) => mediaType.ToLowerInvariant() switch
    {
        "application/geo+json" or "application/json" => ImportFormat.GeoJson,
        "text/csv" => ImportFormat.Csv,
        "application/zip" or "application/x-zip-compressed" => ImportFormat.Shapefile,
        "application/geopackage+sqlite3" or "application/x-sqlite3" => ImportFormat.GeoPackage,
        "application/octet-stream" when fileName is not null => FormatOfFile(fileName),
        _ => null,
    };

    /// <summary>The format a file name's extension says: .geojson/.json, .csv, .zip (Shapefile), .gpkg; null when none.</summary>
    public static ImportFormat? FormatOfFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".geojson" or ".json" => ImportFormat.GeoJson,
        ".csv" => ImportFormat.Csv,
        ".zip" => ImportFormat.Shapefile,
        ".gpkg" => ImportFormat.GeoPackage,
        _ => null,
    };

    /// <summary>A Shapefile's or GeoPackage table's name as a request may give it: 1..100 letters, digits, _ - . or space.</summary>
    public static bool IsTableName(string s) => s.Length is > 0 and <= 100 && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ');

    public static bool TryLayer(string? s, out ImportLayer layer)
    {
        var i = Array.IndexOf(LayerNames, s?.ToLowerInvariant());
        layer = i < 0 ? default : (ImportLayer)i;
        return i >= 0;
    }

    public static bool TryCrs(string? s, out InputCrs crs)
    {
        (var ok, crs) = (s ?? "wgs84").ToLowerInvariant() switch
        {
            "wgs84" or "epsg:4326" => (true, InputCrs.Wgs84),
            "gcj02" => (true, InputCrs.Gcj02),
            "bd09" => (true, InputCrs.Bd09),
            _ => (false, InputCrs.Wgs84),
        };
        return ok;
    }

    public static bool TryMode(string? s, out ImportMode mode)
    {
        (var ok, mode) = (s ?? "append").ToLowerInvariant() switch
        {
            "append" => (true, ImportMode.Append),
            "replace" => (true, ImportMode.Replace),
            _ => (false, ImportMode.Append),
        };
        return ok;
    }
}
