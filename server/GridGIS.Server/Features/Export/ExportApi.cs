using GridGIS.Core.Export;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.Layers;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Export;

/// <summary>
/// Files out: <c>GET /api/export/{layer}?format=geojson|csv|shp|gpkg&amp;bbox=...</c> for every collection (any signed-in
/// role, as <c>GET /api/streets</c> ...), and <c>GET /api/export/runs/{id}/{result}?format=...&amp;category=...</c> for a
/// complete run's coverage per street/community/grid, gaps and facility loads (administrators, planners, officials, with
/// the privacy rule as <c>/api/coverage</c> applies it). The file is written to a private temporary file as the rows
/// stream from the database, then streamed to the client and deleted: memory stays bounded; a client that leaves stops
/// the query. Both count as expensive requests (<see cref="ExpensiveRequests"/>). See docs/import.md, "Export".
/// </summary>
internal static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/export").WithTags("Export");
        api.MapGet("/{layer}", LayerAsync).RequireAuthorization(Policies.AnyUser).LimitAsExpensive()
           .Produces(StatusCodes.Status200OK, contentType: "application/geo+json", additionalContentTypes: ["text/csv", "application/zip", "application/geopackage+sqlite3"])
           .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
           .WithSummary("A collection as a file: layer streets|communities|grids|facilities|network|basemap, format geojson|csv|shp|gpkg (default geojson), " +
                        "bbox minLon,minLat,maxLon,maxLat to narrow it.");
        api.MapGet("/runs/{id}/{result}", RunAsync).RequireAuthorization(Policies.Analyst).LimitAsExpensive()
           .Produces(StatusCodes.Status200OK, contentType: "application/geo+json", additionalContentTypes: ["text/csv", "application/zip", "application/geopackage+sqlite3"])
           .WithSummary("A complete run's result as a file: result coverage_streets|coverage_communities|coverage_grids|gaps|facility_loads, id a run or 'latest', " +
                        "format geojson|csv|shp|gpkg, category to keep one; small counts withheld for everyone but administrators.");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, BadRequestProblem, ProblemHttpResult>> LayerAsync(NpgsqlDataSource db, string layer,
        string? format, string? bbox, CancellationToken ct)
    {
        if (!EnumText.TryParse(layer, out ExportLayer? exportLayer) || exportLayer is not { } l) return EnumText.BadParameter<ExportLayer>("layer", layer);
        if (!EnumText.TryParse(format, ExportFormat.Geojson, out var f)) return EnumText.BadParameter<ExportFormat>("format", format);
        if (!BoundingBox.TryParse(bbox, out var box, out var error)) return Problems.Parameter("bbox", error!);
        double[]? corners = box is null ? null : [box.MinLon, box.MinLat, box.MaxLon, box.MaxLat];
        var (_, schema) = ExportLayers.Of(l);
        var file = await ExportFile.WriteAsync(f, schema, w => ExportLayers.WriteAsync(db, l, corners, w, ct));
        return file is null
            ? Problems.Status(StatusCodes.Status413PayloadTooLarge, "Export too large",
                $"{schema.Layer} has more than {ExportLayers.MaxFeatures} features{(box is null ? "" : " in the bbox")}; narrow it with bbox", "bbox")
            : TypedResults.File(file, FeatureFileWriter.MediaType(f), schema.Layer + FeatureFileWriter.Extension(f));
    }

    private static async Task<Results<FileStreamHttpResult, BadRequestProblem, NotFoundProblem>> RunAsync(HttpContext http, NpgsqlDataSource db,
        string id, string result, string? format, string? category, CancellationToken ct)
    {
        if (!CoverageApi.TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{Clip(id)}'");
        if (!EnumText.TryParse(result, out ExportResult? exportResult) || exportResult is not { } r) return EnumText.BadParameter<ExportResult>("result", result);
        if (!EnumText.TryParse(format, ExportFormat.Geojson, out var f)) return EnumText.BadParameter<ExportFormat>("format", format);
        if (category is not null && (category.Length is 0 or > 41 || !category.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            return Problems.Parameter("category", $"category must be a category code (lower-case letters, digits and _), not '{Clip(category)}'");
        long? complete;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetCompleteRunId.sql")))
        {
            cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            complete = await cmd.ExecuteScalarAsync(ct) as long?;
        }
        if (complete is not { } run) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}", "id");
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        var schema = RunResultExport.Schema(r);
        var file = await ExportFile.WriteAsync(f, schema, async w =>
        {
            await RunResultExport.WriteAsync(db, r, run, category, rule, w, ct);
            return true;
        });
        http.Response.Headers["X-GridGIS-Privacy"] = rule.Note ?? "not suppressed (administrator)";
        return TypedResults.File(file!, FeatureFileWriter.MediaType(f), $"{schema.Layer}_run{run}{FeatureFileWriter.Extension(f)}");
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";
}

/// <summary>One export's file: written in a private temporary folder, handed over as a stream that deletes it when closed.</summary>
internal static class ExportFile
{
    /// <summary>
    /// Runs <paramref name="fill"/> on a writer of <paramref name="format"/>; the finished file opened for reading (deleted when the
    /// stream closes), or null when <paramref name="fill"/> answers false (too many features). The folder goes in every case.
    /// </summary>
    public static async Task<FileStream?> WriteAsync(ExportFormat format, ExportSchema schema, Func<FeatureFileWriter, Task<bool>> fill)
    {
        var folder = Directory.CreateTempSubdirectory("gridgis-export-").FullName;
        try
        {
            string path;
            using (var writer = FeatureFileWriter.Create(format, schema, folder))
            {
                if (!await fill(writer)) return null;
                path = writer.Complete();
            }
            // Open, then delete: the open stream keeps the file's bytes until it closes (Linux), or deletes it on close.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 65536,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }   // the open file on a system that cannot delete it yet: DeleteOnClose removes it
        }
    }
}
