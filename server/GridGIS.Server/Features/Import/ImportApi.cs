using System.Net.Http.Headers;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace GridGIS.Server.Features.Import;

/// <summary>
/// <c>POST /api/import/{layer}?crs=wgs84|gcj02|bd09&amp;mode=append|replace</c>: a GeoJSON
/// FeatureCollection (<c>application/geo+json</c> or <c>application/json</c>) or CSV (<c>text/csv</c>),
/// UTF-8, at most 50 MB. Administrators only. All or nothing; errors come back as ProblemDetails with
/// an <c>errors</c> list of {feature, line, field, message}. See docs/import.md.
/// </summary>
internal static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/import/{layer}", ImportAsync)
           .RequireAuthorization(Policies.Admin)
           .WithRequestSizeLimit(ImportLimits.Default.MaxBytes)
           .WithTags("Import")
           .Produces(StatusCodes.Status200OK)
           .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
           .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
           .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
           .WithSummary("Import a layer from GeoJSON or CSV (all or nothing); crs=wgs84|gcj02|bd09, mode=append|replace.");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, NpgsqlDataSource db, ILoggerFactory logs, string layer,
        string? crs, string? mode, CancellationToken ct)
    {
        var limits = ImportLimits.Default;
        if (!ImportOptions.TryLayer(layer, out var importLayer))
            return Bad("layer", $"unknown layer '{Clip(layer)}'; one of {string.Join(", ", ImportOptions.LayerNames)}");
        if (!ImportOptions.TryCrs(crs, out var inputCrs)) return Bad("crs", $"unknown crs '{Clip(crs)}'; one of wgs84, gcj02, bd09");
        if (!ImportOptions.TryMode(mode, out var importMode)) return Bad("mode", $"unknown mode '{Clip(mode)}'; one of append, replace");

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) || media.MediaType is null)
            return Problem(415, "Unsupported media type", "send Content-Type application/geo+json, application/json or text/csv");
        ImportFormat? format = media.MediaType.ToLowerInvariant() switch
        {
            "application/geo+json" or "application/json" => ImportFormat.GeoJson,
            "text/csv" => ImportFormat.Csv,
            _ => null,
        };
        if (format is null) return Problem(415, "Unsupported media type", $"'{Clip(media.MediaType)}' is not importable; send application/geo+json, application/json or text/csv");
        if (media.CharSet is { } cs && !cs.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return Problem(415, "Unsupported charset", $"charset '{Clip(cs)}' is not supported; send UTF-8");

        var body = await ReadBodyAsync(http, limits.MaxBytes, ct);
        if (body is null) return Problem(413, "Payload too large", $"an import may have at most {limits.MaxBytes} bytes ({limits.MaxBytes / (1024 * 1024)} MB); split the file");

        var fileName = ContentDispositionHeaderValue.TryParse(http.Request.Headers.ContentDisposition.ToString(), out var cd)
            ? (cd.FileNameStar ?? cd.FileName)?.Trim('"') : null;
        var request = new ImportRequest(importLayer, format.Value, inputCrs, importMode, body, Clip(fileName ?? "request body", 200),
            Audit.Actor(http.User));
        var log = logs.CreateLogger("GridGIS.Import");
        var outcome = await LayerImport.RunAsync(db, request, limits, m => log.LogInformation("import {Layer}: {Message}", layer, m), ct);
        if (!outcome.Applied)
        {
            log.LogInformation("import {Layer} by {Actor} rejected: {Count} error(s)", layer, request.Actor, outcome.ErrorCount);
            var shown = outcome.Errors.Take(5).Select(e => e.ToString());
            return Results.Problem(
                $"{outcome.ErrorCount} error(s); nothing was written. {string.Join("; ", shown)}{(outcome.ErrorCount > 5 ? "; ..." : "")}",
                statusCode: outcome.Status, title: outcome.Title,
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = outcome.Errors.Select(e => new { e.Feature, e.Line, e.Field, e.Message, where = e.Where }),
                    ["errorCount"] = outcome.ErrorCount,
                    ["layer"] = ImportOptions.Name(importLayer),
                });
        }
        var c = outcome.Counts!;
        return Results.Ok(new
        {
            layer = ImportOptions.Name(importLayer), mode = importMode.ToString().ToLowerInvariant(), crs = inputCrs.ToString().ToLowerInvariant(),
            features = outcome.Features, table = c.Table, inserted = c.Inserted, updated = c.Updated, deleted = c.Deleted,
            nodesInserted = c.NodesInserted, nodesDeleted = c.NodesDeleted, sha256 = outcome.Sha256,
        });
    }

    /// <summary>The body, or null when it is larger than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, long max, CancellationToken ct)
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

    private static string Clip(string? s, int max = 40) => s is null ? "" : s.Length <= max ? s : s[..max] + "...";

    private static IResult Bad(string parameter, string detail) =>
        Results.Problem(detail, statusCode: 400, title: $"Invalid '{parameter}'", extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail, statusCode: status, title: title);
}

/// <summary>The words the API and the command line accept for layer, crs and mode.</summary>
internal static class ImportOptions
{
    public static readonly string[] LayerNames = ["streets", "communities", "grids", "facilities", "network"];

    public static string Name(ImportLayer layer) => LayerNames[(int)layer];

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
